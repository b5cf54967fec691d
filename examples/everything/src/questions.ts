/**
 * Questions several tools ask, exactly as the 2026-07-28 conformance scenarios
 * expect to find them in an input-required result's `inputRequests`.
 */
import type { FormElicitation, SamplingRequest } from "@turbomcp/runtime";

/** A form of one required field, the shape every scenario's form uses. */
function oneField(message: string, field: string, type: "string" | "boolean"): FormElicitation {
  return { message, requestedSchema: { type: "object", properties: { [field]: { type } }, required: [field] } };
}

export const NAME_QUESTION = oneField("What is your name?", "name", "string");
export const CONFIRM_QUESTION = oneField("Please confirm", "ok", "boolean");
export const STEP_1_QUESTION = oneField("Step 1: What is your name?", "name", "string");
export const STEP_2_QUESTION = oneField("Step 2: What is your favorite color?", "color", "string");
export const CONTEXT_QUESTION = oneField("What context should the prompt use?", "context", "string");

export const CAPITAL_QUESTION: SamplingRequest = {
  messages: [{ role: "user", content: { type: "text", text: "What is the capital of France?" } }],
  maxTokens: 100,
};

export const GREETING_REQUEST: SamplingRequest = {
  messages: [{ role: "user", content: { type: "text", text: "Generate a greeting" } }],
  maxTokens: 50,
};

/** `prompts/list` and `prompts/get` (server/prompts). */
import type { PromptResult } from "../../handlers/results.js";
import type { GetPromptResult, PromptDefinition } from "../../handlers/mcp-types.js";
import { describeIssues } from "../../validation/validator.js";
import { McpError } from "../errors.js";
import { handlerFailure, stringParam } from "../handler-failure.js";
import { listMethod } from "./lists.js";
import { type MethodCall, type MethodDefinition, type MethodResult, afterAdmission } from "../method.js";
import type { PromptRoute } from "../../routing/types.js";

function promptResult(definition: PromptDefinition, result: PromptResult): GetPromptResult {
  const described = (messages: GetPromptResult["messages"]): GetPromptResult =>
    definition.description === undefined ? { messages } : { description: definition.description, messages };
  if (typeof result === "string") return described([{ role: "user", content: { type: "text", text: result } }]);
  if (Array.isArray(result)) return described(result);
  return result as GetPromptResult;
}

async function getPrompt(call: MethodCall): Promise<MethodResult> {
  const name = stringParam(call.params, "name", "prompts/get");
  const route = call.routes.prompts.get(name);
  if (!route) throw new McpError("invalid_params", `Unknown prompt: ${name}`);
  await call.access.admit(call.caller, route.policy, name, { kind: "prompt", name });
  return afterAdmission(call, "prompts/get", route, route, renderPrompt);
}

/** The admitted call: the arguments' checks and the handler (behind the middleware, which may change the arguments). */
async function renderPrompt(call: MethodCall, route: PromptRoute): Promise<MethodResult> {
  const name = route.definition.name;
  const args = call.params.arguments ?? {};
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new McpError("invalid_params", "prompts/get arguments must be an object");
  }
  // Checked from the definition first so the message names the argument plainly.
  for (const argument of route.definition.arguments ?? []) {
    if (argument.required && !(argument.name in args)) {
      throw new McpError("invalid_params", `Missing required argument "${argument.name}" for prompt ${name}`);
    }
  }
  if (!route.validateArguments(args)) {
    throw new McpError("invalid_params", `Invalid arguments for prompt ${name}: ${describeIssues(route.validateArguments.errors)}`);
  }
  let result: PromptResult;
  try {
    result = await call.run(route.policy, () => route.handler(args, call.context));
  } catch (error) {
    throw handlerFailure(`getting prompt ${name}`, error, call.logger);
  }
  if (typeof result !== "string" && (typeof result !== "object" || result === null)) {
    call.logger.error(`prompt ${name} returned ${String(result)}, which is not a PromptResult`);
    throw new McpError("internal_error", `Internal error while getting prompt ${name}`);
  }
  return promptResult(route.definition, result);
}

export const promptMethods: Readonly<Record<string, MethodDefinition>> = {
  "prompts/list": { capability: "prompts", handle: listMethod("prompts") },
  "prompts/get": { capability: "prompts", asksForInput: true, handle: getPrompt },
};

import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestMissingCapabilityInput } from "../../generated/types.gen.js";
import { sampledText } from "../../answers.js";

/**
 * Tool "test_missing_capability": samples without looking at the client's
 * capabilities first, on purpose. A client that did not declare sampling gets
 * -32021 (MissingRequiredClientCapability) from the runtime, which is what scenario
 * server-stateless checks; one that did gets the model's answer.
 */
export async function testMissingCapability(_input: TestMissingCapabilityInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.sample({ messages: [{ role: "user", content: { type: "text", text: "Say hello" } }], maxTokens: 20 });
  return `Sampled: ${sampledText(result)}`;
}

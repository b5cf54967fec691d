import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestSamplingInput } from "../../generated/types.gen.js";

/**
 * Tool "test_sampling": sends the prompt to the client's model (sampling/createMessage,
 * maxTokens 100) and answers "LLM response: <text>". A client without the sampling
 * capability makes `ctx.sample` reject, which the runtime turns into an error result.
 */
export async function testSampling(input: TestSamplingInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.sample({
    messages: [{ role: "user", content: { type: "text", text: input.prompt } }],
    maxTokens: 100,
  });
  const text = result.content.type === "text" ? result.content.text : `[${result.content.type} content]`;
  return `LLM response: ${text}`;
}

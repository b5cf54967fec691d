import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestInputRequiredResultSamplingInput } from "../../generated/types.gen.js";
import { sampledText } from "../../answers.js";
import { CAPITAL_QUESTION } from "../../questions.js";

/** Tool "test_input_required_result_sampling": asks the client's model under the key `capital_question`. */
export async function testInputRequiredResultSampling(_input: TestInputRequiredResultSamplingInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.sample(CAPITAL_QUESTION, { key: "capital_question" });
  return `The model says: ${sampledText(result)}`;
}

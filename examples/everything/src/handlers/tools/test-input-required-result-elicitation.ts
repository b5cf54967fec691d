import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestInputRequiredResultElicitationInput } from "../../generated/types.gen.js";
import { answerText } from "../../answers.js";
import { NAME_QUESTION } from "../../questions.js";

/**
 * Tool "test_input_required_result_elicitation": one question under the key
 * `user_name`. Missing, wrong or extra answers on the retry are the runtime's to
 * handle (ask again, ignore); the handler only reads the answer it gets.
 */
export async function testInputRequiredResultElicitation(_input: TestInputRequiredResultElicitationInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.elicit(NAME_QUESTION, { key: "user_name" });
  const name = answerText(result, "name");
  return name === undefined ? `No name given (${result.action})` : `Hello, ${name}!`;
}

import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestInputRequiredResultMultiRoundInput } from "../../generated/types.gen.js";
import { answerText } from "../../answers.js";
import { STEP_1_QUESTION, STEP_2_QUESTION } from "../../questions.js";

/**
 * Tool "test_input_required_result_multi_round": the second question waits for the
 * first answer, so on 2026-07-28 they take two rounds (keys `step1`, then `step2`).
 * The keys are named because the second ask depends on the first answer.
 */
export async function testInputRequiredResultMultiRound(_input: TestInputRequiredResultMultiRoundInput, ctx: ToolContext): Promise<ToolResult> {
  const first = await ctx.elicit(STEP_1_QUESTION, { key: "step1" });
  const name = answerText(first, "name");
  if (name === undefined) return `Stopped at step 1 (${first.action})`;
  const second = await ctx.elicit(STEP_2_QUESTION, { key: "step2" });
  const color = answerText(second, "color");
  return color === undefined ? `Hello, ${name}! No favorite color given (${second.action})` : `Hello, ${name}! Your favorite color is ${color}.`;
}

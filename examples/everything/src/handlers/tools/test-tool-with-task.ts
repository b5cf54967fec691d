import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestToolWithTaskInput } from "../../generated/types.gen.js";
import { answerText } from "../../answers.js";
import { pause } from "../../media.js";
import { NAME_QUESTION } from "../../questions.js";

/**
 * Tool "test_tool_with_task": with `taskAfterMs: 100`, the question asked at once
 * goes back as an input-required round; the retry carries the answer, the work
 * after it outlasts 100 ms, and the call becomes a task whose result holds the name.
 */
export async function testToolWithTask(_input: TestToolWithTaskInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.elicit(NAME_QUESTION, { key: "user_name" });
  await pause(500, ctx.signal);
  return `Hello, ${answerText(result, "name") ?? `stranger (${result.action})`}!`;
}

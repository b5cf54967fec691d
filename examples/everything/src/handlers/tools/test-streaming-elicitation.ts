import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestStreamingElicitationInput } from "../../generated/types.gen.js";
import { answerText } from "../../answers.js";
import { pause } from "../../media.js";
import { NAME_QUESTION } from "../../questions.js";

/**
 * Tool "test_streaming_elicitation": progress, then a question. Scenario
 * server-stateless checks that on 2026-07-28 the question comes back as an
 * input-required result, never as a request on the response stream; on a session
 * it is an elicitation/create request. The progress is reported again when the
 * retry runs the handler again, which is harmless for progress.
 */
export async function testStreamingElicitation(_input: TestStreamingElicitationInput, ctx: ToolContext): Promise<ToolResult> {
  ctx.progress({ progress: 1, total: 3, message: "Getting ready" });
  await pause(50, ctx.signal);
  ctx.progress({ progress: 2, total: 3, message: "Asking for your name" });
  const result = await ctx.elicit(NAME_QUESTION, { key: "user_name" });
  const name = answerText(result, "name");
  return name === undefined ? `No name given (${result.action})` : `Hello, ${name}!`;
}

import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestInputRequiredResultRequestStateInput } from "../../generated/types.gen.js";
import { answer } from "../../answers.js";
import { CONFIRM_QUESTION } from "../../questions.js";

/**
 * Tool "test_input_required_result_request_state": one confirmation under the key
 * `confirm`. The runtime carries the earlier rounds in a signed `requestState` and
 * verifies it before the handler runs again, so getting here with an answer means
 * the state round-tripped intact: hence "state-ok", which the scenario looks for.
 */
export async function testInputRequiredResultRequestState(_input: TestInputRequiredResultRequestStateInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.elicit(CONFIRM_QUESTION, { key: "confirm" });
  const ok = answer(result, "ok");
  return ok === undefined ? `state-ok, but nothing was confirmed (${result.action})` : `state-ok: confirmed=${JSON.stringify(ok)}`;
}

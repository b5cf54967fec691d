import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestInputRequiredResultTamperedStateInput } from "../../generated/types.gen.js";
import { answer } from "../../answers.js";
import { CONFIRM_QUESTION } from "../../questions.js";

/**
 * Tool "test_input_required_result_tampered_state": one confirmation under the key
 * `confirm`. The tool has nothing of its own to check: the runtime signs the
 * `requestState` and rejects a retry whose state does not verify before this
 * handler runs again, which is what the scenario probes.
 */
export async function testInputRequiredResultTamperedState(_input: TestInputRequiredResultTamperedStateInput, ctx: ToolContext): Promise<ToolResult> {
  const result = await ctx.elicit(CONFIRM_QUESTION, { key: "confirm" });
  const ok = answer(result, "ok");
  return ok === undefined ? `Nothing was confirmed (${result.action})` : `Confirmed: ${JSON.stringify(ok)}`;
}

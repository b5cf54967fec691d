import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { SlowComputeInput } from "../../generated/types.gen.js";
import { pause } from "../../media.js";

/**
 * Tool "slow_compute": works for `seconds`, then reports it. With `taskAfterMs: 250`
 * in the manifest, `seconds: 0` is answered directly and anything longer becomes a
 * task. It honours `ctx.signal`, so `tasks/cancel` ends it as `cancelled`.
 */
export async function slowCompute(input: SlowComputeInput, ctx: ToolContext): Promise<ToolResult> {
  await pause(input.seconds * 1000, ctx.signal);
  const label = input.label === undefined ? "" : ` ${input.label}`;
  return `Computed${label} in ${input.seconds} s`;
}

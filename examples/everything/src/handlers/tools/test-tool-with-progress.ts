import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestToolWithProgressInput } from "../../generated/types.gen.js";
import { pause } from "../../media.js";

/**
 * Tool "test_tool_with_progress": progress 0, 50 and 100 of 100, 50 ms apart
 * (scenario tools-call-with-progress wants at least three, in increasing order).
 * Without a progress token `ctx.progress` is a no-op and only the delays remain.
 *
 * The last pause is ours, not the scenario's: the SDK v1 client drops progress it
 * reads in the same chunk as the final response, so the result goes out a moment
 * after the last update.
 */
export async function testToolWithProgress(_input: TestToolWithProgressInput, ctx: ToolContext): Promise<ToolResult> {
  ctx.progress({ progress: 0, total: 100 });
  await pause(50, ctx.signal);
  ctx.progress({ progress: 50, total: 100 });
  await pause(50, ctx.signal);
  ctx.progress({ progress: 100, total: 100 });
  await pause(50, ctx.signal);
  return "Tool with progress executed successfully";
}

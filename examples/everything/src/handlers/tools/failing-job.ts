import { ToolError, type ToolContext, type ToolResult } from "@turbomcp/runtime";
import type { FailingJobInput } from "../../generated/types.gen.js";
import { pause } from "../../media.js";

/**
 * Tool "failing_job": a tool failure, not a protocol one, so its task ends
 * `completed` with an `isError` result (SEP-2663, "Task Execution Errors").
 */
export async function failingJob(_input: FailingJobInput, ctx: ToolContext): Promise<ToolResult> {
  await pause(1000, ctx.signal);
  throw new ToolError("The job failed: the input could not be processed");
}

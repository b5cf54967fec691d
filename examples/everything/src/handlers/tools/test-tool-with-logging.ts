import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestToolWithLoggingInput } from "../../generated/types.gen.js";
import { pause } from "../../media.js";

/**
 * Tool "test_tool_with_logging": three info messages, 50 ms apart. The delays are
 * the point of scenario tools-call-with-logging: a client must take notifications
 * that arrive while the call is still running.
 */
export async function testToolWithLogging(_input: TestToolWithLoggingInput, ctx: ToolContext): Promise<ToolResult> {
  ctx.log("info", "Tool execution started");
  await pause(50, ctx.signal);
  ctx.log("info", "Tool processing data");
  await pause(50, ctx.signal);
  ctx.log("info", "Tool execution completed");
  return "Tool with logging executed successfully";
}

import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestLoggingToolInput } from "../../generated/types.gen.js";

/**
 * Tool "test_logging_tool": one message at each of four levels. Whether any reach
 * the client is the runtime's decision: `logging/setLevel` on a session, the
 * request's own log level on 2026-07-28, where a request without one gets none
 * (scenario server-stateless).
 */
export async function testLoggingTool(_input: TestLoggingToolInput, ctx: ToolContext): Promise<ToolResult> {
  ctx.log("debug", "Logging tool started");
  ctx.log("info", "Logging tool is working");
  ctx.log("warning", "A warning from the logging tool");
  ctx.log("error", "An error message from the logging tool (nothing failed)");
  return "Logging tool executed successfully";
}

import { McpError, type ToolContext, type ToolResult } from "@turbomcp/runtime";
import type { ProtocolErrorJobInput } from "../../generated/types.gen.js";
import { pause } from "../../media.js";

/**
 * Tool "protocol_error_job": throws an `McpError`, which a tool call answers as a
 * JSON-RPC error, so its task ends `failed` with that error inlined.
 */
export async function protocolErrorJob(_input: ProtocolErrorJobInput, ctx: ToolContext): Promise<ToolResult> {
  await pause(200, ctx.signal);
  throw new McpError("internal_error", "The job's backend went away");
}

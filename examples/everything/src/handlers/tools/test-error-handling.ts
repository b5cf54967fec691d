import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import { ToolError } from "@turbomcp/runtime";
import type { TestErrorHandlingInput } from "../../generated/types.gen.js";

/**
 * Tool "test_error_handling": always fails. A `ToolError` becomes a result with
 * `isError: true` and exactly this text, which is what scenario tools-call-error
 * checks (not a JSON-RPC error).
 */
export async function testErrorHandling(_input: TestErrorHandlingInput, _ctx: ToolContext): Promise<ToolResult> {
  throw new ToolError("This tool intentionally returns an error for testing");
}

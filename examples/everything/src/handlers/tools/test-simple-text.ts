import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestSimpleTextInput } from "../../generated/types.gen.js";

/** Tool "test_simple_text": the exact text scenario tools-call-simple-text documents. */
export async function testSimpleText(_input: TestSimpleTextInput, _ctx: ToolContext): Promise<ToolResult> {
  return "This is a simple text response for testing.";
}

import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestCustomHeadersInput } from "../../generated/types.gen.js";

/**
 * Tool "test_custom_headers": echoes its arguments. `region`, `priority` and
 * `verbose` carry `x-mcp-header`, so on 2026-07-28 over HTTP the client also sends
 * them as `Mcp-Param-*` headers, and checking that headers and body agree is the
 * transport's job. The handler sees only the validated arguments, on every version.
 */
export async function testCustomHeaders(input: TestCustomHeadersInput, _ctx: ToolContext): Promise<ToolResult> {
  const parts = [`region=${input.region}`, `query=${input.query}`];
  if (input.priority !== undefined) parts.push(`priority=${input.priority}`);
  if (input.verbose !== undefined) parts.push(`verbose=${input.verbose}`);
  return `Received ${parts.join(", ")}`;
}

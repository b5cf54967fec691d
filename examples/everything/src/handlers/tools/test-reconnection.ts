import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestReconnectionInput } from "../../generated/types.gen.js";
import { pause } from "../../media.js";

/**
 * Tool "test_reconnection" (scenario server-sse-polling, SEP-1699): closes the
 * connection carrying its response straight away, as a server does to hold no
 * connection during long work; the stream goes on, and the client, told when to come
 * back by the `retry`, resumes it with `Last-Event-ID` (on any instance) to get the result.
 */
export async function testReconnection(_input: TestReconnectionInput, ctx: ToolContext): Promise<ToolResult> {
  ctx.closeStream(500);
  await pause(100, ctx.signal);
  return "Reconnection test completed";
}

import { notifyResourceUpdated, type ToolContext, type ToolResult } from "@turbomcp/runtime";
import type { TouchWatchedResourceInput } from "../../generated/types.gen.js";

/**
 * Tool "touch_watched_resource": test://watched-resource changes, and its subscribers
 * hear it. The conformance scenarios only subscribe and unsubscribe; a client that
 * wants to see `notifications/resources/updated` arrive (on several instances, from
 * whichever instance ran this call) needs something that changes it.
 */
export async function touchWatchedResource(_input: TouchWatchedResourceInput, _ctx: ToolContext): Promise<ToolResult> {
  notifyResourceUpdated("test://watched-resource");
  return "test://watched-resource changed";
}

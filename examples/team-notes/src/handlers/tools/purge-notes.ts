import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { PurgeNotesInput } from "../../generated/types.gen.js";
import { purgeTenant } from "../../store.js";

/** Tool "purge_notes": Delete every note of your team (hidden from tenants whose policy denies it). */
export async function purgeNotes(_input: PurgeNotesInput, ctx: ToolContext): Promise<ToolResult> {
  return `Deleted ${purgeTenant(ctx)} notes.`;
}

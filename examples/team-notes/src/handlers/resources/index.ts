import type { ResourceContext, ResourceResult } from "@turbomcp/runtime";
import { tenantNotes } from "../../store.js";

/** Resource "notes://index": Your team's notes: id and title, as JSON. */
export async function index(ctx: ResourceContext): Promise<ResourceResult> {
  return { mimeType: "application/json", text: JSON.stringify(tenantNotes(ctx).map((note) => ({ id: note.id, title: note.title }))) };
}

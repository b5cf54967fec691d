import type { ResourceContext, ResourceResult } from "@turbomcp/runtime";
import { listNotes, noteUri } from "../../store.js";

/**
 * Resource "index": Every note's id, title and tags, as JSON.
 *
 * Bodies are left out so the index stays small; each entry links to its note.
 */
export async function index(_ctx: ResourceContext): Promise<ResourceResult> {
  const entries = listNotes().map((note) => ({ id: note.id, title: note.title, tags: note.tags, uri: noteUri(note.id) }));
  return { mimeType: "application/json", text: JSON.stringify(entries) };
}

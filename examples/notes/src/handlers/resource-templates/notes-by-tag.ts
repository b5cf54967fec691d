import type { ResourceContext, ResourceResult } from "@turbomcp/runtime";
import type { NotesByTagVariables } from "../../generated/types.gen.js";
import { noteUri, notesWithTag } from "../../store.js";

/**
 * Resource template "notes-by-tag": The notes carrying one tag, as JSON.
 *
 * A tag nobody uses yet is an empty list, not an error: the completion offers
 * suggested tags before any note carries them.
 */
export async function notesByTag(variables: NotesByTagVariables, _ctx: ResourceContext): Promise<ResourceResult> {
  const entries = notesWithTag(variables.tag).map((note) => ({ id: note.id, title: note.title, uri: noteUri(note.id) }));
  return { mimeType: "application/json", text: JSON.stringify(entries) };
}

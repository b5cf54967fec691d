import { notifyResourceUpdated, type ToolContext } from "@turbomcp/runtime";
import type { CreateNoteInput, CreateNoteOutput } from "../../generated/types.gen.js";
import { addNote, noteUri } from "../../store.js";

/**
 * Tool "create_note": Store a new note for your team and return its id.
 *
 * The note belongs to the request's tenant; only that tenant's subscribers of the
 * index hear that it changed.
 */
export async function createNote(input: CreateNoteInput, ctx: ToolContext): Promise<CreateNoteOutput> {
  const note = addNote(ctx, input.title, input.body);
  notifyResourceUpdated("notes://index", { tenant: note.tenant });
  return { id: note.id, uri: noteUri(note.id) };
}

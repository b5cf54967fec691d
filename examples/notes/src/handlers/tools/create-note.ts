import { type ToolContext, notifyResourceUpdated } from "@turbomcp/runtime";
import type { CreateNoteInput, CreateNoteOutput } from "../../generated/types.gen.js";
import { addNote, noteUri } from "../../store.js";

/**
 * Tool "create_note": Store a new note and return its id.
 *
 * Returns the URI too, so the model can read the note back through the
 * `notes://{id}` template without guessing the URI scheme. Clients subscribed to
 * the index hear that it changed.
 */
export async function createNote(input: CreateNoteInput, ctx: ToolContext): Promise<CreateNoteOutput> {
  const note = addNote({ title: input.title, body: input.body, tags: input.tags ?? [] });
  ctx.log("info", { created: note.id });
  notifyResourceUpdated("notes://index");
  return { id: note.id, title: note.title, tags: [...note.tags], uri: noteUri(note.id) };
}

import { ToolError, type ToolContext, type ToolResult } from "@turbomcp/runtime";
import type { GetNoteInput } from "../../generated/types.gen.js";
import { findNote, noteMarkdown } from "../../store.js";

/**
 * Tool "get_note": One of your team's notes, by id.
 *
 * Another tenant's id is refused by `findNote` (-32003) before anything is read.
 */
export async function getNote(input: GetNoteInput, ctx: ToolContext): Promise<ToolResult> {
  const note = findNote(ctx, input.id);
  if (note === undefined) throw new ToolError(`No note ${input.id}.`);
  return noteMarkdown(note);
}

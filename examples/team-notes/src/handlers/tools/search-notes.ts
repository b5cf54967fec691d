import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { SearchNotesInput } from "../../generated/types.gen.js";
import { noteUri, tenantNotes } from "../../store.js";

/** Tool "search_notes": Your team's notes whose title or body contains the query (case-insensitive). */
export async function searchNotes(input: SearchNotesInput, ctx: ToolContext): Promise<ToolResult> {
  const needle = input.query.toLowerCase();
  const found = tenantNotes(ctx).filter((note) => `${note.title}\n${note.body}`.toLowerCase().includes(needle));
  if (found.length === 0) return `No notes match "${input.query}".`;
  return found.map((note) => `- ${noteUri(note.id)} ${note.title}`).join("\n");
}

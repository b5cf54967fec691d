import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { SearchNotesInput } from "../../generated/types.gen.js";
import { noteUri, searchNotes as findNotes } from "../../store.js";

/**
 * Tool "search_notes": Find notes whose title, body or tags contain the query (case-insensitive).
 *
 * No match is an answer, not a failure, so it is plain text rather than a ToolError.
 */
export async function searchNotes(input: SearchNotesInput, _ctx: ToolContext): Promise<ToolResult> {
  const found = findNotes(input.query);
  if (found.length === 0) return `No notes match "${input.query}".`;
  const lines = found.map((note) => `- ${noteUri(note.id)} ${note.title}`);
  return `${found.length} note${found.length === 1 ? "" : "s"} match "${input.query}":\n${lines.join("\n")}`;
}

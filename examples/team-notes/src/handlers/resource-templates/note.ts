import { McpError, type ResourceContext, type ResourceResult } from "@turbomcp/runtime";
import type { NoteVariables } from "../../generated/types.gen.js";
import { findNote, noteMarkdown } from "../../store.js";

/** Resource template "note": One of your team's notes as Markdown. */
export async function note(variables: NoteVariables, ctx: ResourceContext): Promise<ResourceResult> {
  const found = findNote(ctx, variables.id);
  if (found === undefined) throw new McpError("resource_not_found", "Resource not found", { uri: ctx.uri });
  return noteMarkdown(found);
}

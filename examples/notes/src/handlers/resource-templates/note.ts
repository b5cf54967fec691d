import type { ResourceContext, ResourceResult } from "@turbomcp/runtime";
import { McpError } from "@turbomcp/runtime";
import type { NoteVariables } from "../../generated/types.gen.js";
import { getNote, noteMarkdown } from "../../store.js";

/**
 * Resource template "note": One note as Markdown, by id.
 *
 * `id` arrives as a number (the runtime converts it from the URI). An unknown id
 * is the MCP "resource not found" error (-32002), as the spec asks for resources/read.
 */
export async function note(variables: NoteVariables, ctx: ResourceContext): Promise<ResourceResult> {
  const found = getNote(variables.id);
  if (found === undefined) throw new McpError("resource_not_found", "Resource not found", { uri: ctx.uri });
  return { mimeType: "text/markdown", text: noteMarkdown(found) };
}

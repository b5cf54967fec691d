import type { PromptContext, PromptResult } from "@turbomcp/runtime";
import { McpError } from "@turbomcp/runtime";
import type { SummarizeNoteArguments } from "../../generated/types.gen.js";
import { getNote, noteMarkdown } from "../../store.js";

/** What each `style` asks of the model; the keys match the manifest's completion values. */
const STYLES: Readonly<Record<string, string>> = {
  brief: "in one or two sentences",
  detailed: "in a detailed paragraph",
  bullets: "as a short bulleted list",
};

/**
 * Prompt "summarize_note": Ask the model to summarise one note.
 *
 * Prompt arguments are always strings in MCP, so `id` is parsed here; a bad id
 * or style is the caller's mistake (invalid params), not a server failure.
 */
export async function summarizeNote(args: SummarizeNoteArguments, _ctx: PromptContext): Promise<PromptResult> {
  const id = Number(args.id);
  const found = Number.isInteger(id) ? getNote(id) : undefined;
  if (found === undefined) throw new McpError("invalid_params", `No note with id "${args.id}"`);
  const style = STYLES[args.style ?? "brief"];
  if (style === undefined) throw new McpError("invalid_params", `Unknown style "${args.style}"; use ${Object.keys(STYLES).join(", ")}`);
  return [
    {
      role: "user",
      content: { type: "text", text: `Summarise this note ${style}:\n\n${noteMarkdown(found)}` },
    },
  ];
}

import { McpError, type PromptContext, type PromptResult } from "@turbomcp/runtime";
import type { SummarizeNoteArguments } from "../../generated/types.gen.js";
import { findNote, noteMarkdown } from "../../store.js";

/** Prompt "summarize_note": Ask the model to summarise one of your team's notes. */
export async function summarizeNote(args: SummarizeNoteArguments, ctx: PromptContext): Promise<PromptResult> {
  const id = Number(args.id);
  const found = Number.isInteger(id) ? findNote(ctx, id) : undefined;
  if (found === undefined) throw new McpError("invalid_params", `No note ${args.id}`);
  return `Summarise this note in two sentences:\n\n${noteMarkdown(found)}`;
}

import type { PromptContext, PromptResult } from "@turbomcp/runtime";
import type { DailyReviewArguments } from "../../generated/types.gen.js";
import { listNotes, noteMarkdown } from "../../store.js";

/**
 * Prompt "daily_review": Ask the model to review every note and suggest what to do next.
 */
export async function dailyReview(_args: DailyReviewArguments, _ctx: PromptContext): Promise<PromptResult> {
  const notes = listNotes();
  if (notes.length === 0) return "I have no notes yet. Suggest three things worth writing down today.";
  const all = notes.map(noteMarkdown).join("\n---\n\n");
  return `Here are my ${notes.length} notes. Review them and suggest what I should do next.\n\n${all}`;
}

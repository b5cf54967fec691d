import type { PromptContext, PromptResult } from "@turbomcp/runtime";
import type { WeeklyDigestArguments } from "../../generated/types.gen.js";
import { noteMarkdown, tenantNotes } from "../../store.js";

/** Prompt "weekly_digest": Ask the model for a digest of every note of your team. */
export async function weeklyDigest(_args: WeeklyDigestArguments, ctx: PromptContext): Promise<PromptResult> {
  const notes = tenantNotes(ctx).map(noteMarkdown).join("\n---\n");
  return `Write a short digest of this week's notes:\n\n${notes || "(no notes yet)"}`;
}

import type { CompletionContext, CompletionResult } from "@turbomcp/runtime";
import { idsStartingWith } from "../../../store.js";

/**
 * Completion for "summarize_note": the ids of existing notes that start with what was typed.
 * (`style` has fixed values in the manifest, so the runtime completes it without this handler.)
 */
export async function complete(_argument: "id", value: string, _ctx: CompletionContext): Promise<CompletionResult> {
  return idsStartingWith(value);
}

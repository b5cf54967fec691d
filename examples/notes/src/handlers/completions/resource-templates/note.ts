import type { CompletionContext, CompletionResult } from "@turbomcp/runtime";
import { idsStartingWith } from "../../../store.js";

/**
 * Completion for "note": the ids of existing notes that start with what was typed.
 */
export async function complete(_argument: "id", value: string, _ctx: CompletionContext): Promise<CompletionResult> {
  return idsStartingWith(value);
}

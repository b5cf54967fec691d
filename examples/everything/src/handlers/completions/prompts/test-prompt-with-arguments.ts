import type { CompletionContext, CompletionResult } from "@turbomcp/runtime";

/** Suggestions for `arg1`, the example values of the completion/complete spec page. */
const ARG1_VALUES = ["paris", "park", "party", "testValue1", "test"];

/**
 * Completion for "test_prompt_with_arguments" `arg1` (scenario completion-complete
 * sends `ref/prompt` with value "test" and only checks that `values` is an array).
 * `arg2` has fixed values in the manifest, so the runtime completes it itself.
 */
export async function complete(_argument: "arg1", value: string, _ctx: CompletionContext): Promise<CompletionResult> {
  const prefix = value.toLowerCase();
  return ARG1_VALUES.filter((candidate) => candidate.toLowerCase().startsWith(prefix));
}

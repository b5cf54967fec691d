import type { PromptContext, PromptResult } from "@turbomcp/runtime";
import type { TestSimplePromptArguments } from "../../generated/types.gen.js";

/** Prompt "test_simple_prompt": one user message (scenario prompts-get-simple). */
export async function testSimplePrompt(_args: TestSimplePromptArguments, _ctx: PromptContext): Promise<PromptResult> {
  return "This is a simple prompt for testing.";
}

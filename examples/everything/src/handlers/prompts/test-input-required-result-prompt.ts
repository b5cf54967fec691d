import type { PromptContext, PromptResult } from "@turbomcp/runtime";
import type { TestInputRequiredResultPromptArguments } from "../../generated/types.gen.js";
import { answerText } from "../../answers.js";
import { CONTEXT_QUESTION } from "../../questions.js";

/**
 * Prompt "test_input_required_result_prompt": a prompt can ask too (key
 * `user_context`); scenario input-required-result-non-tool-request checks that
 * input-required results are not only for tools.
 */
export async function testInputRequiredResultPrompt(_args: TestInputRequiredResultPromptArguments, ctx: PromptContext): Promise<PromptResult> {
  const result = await ctx.elicit(CONTEXT_QUESTION, { key: "user_context" });
  const context = answerText(result, "context");
  return {
    description: context === undefined ? "A prompt without extra context" : "A prompt built from the context the user gave",
    messages: [
      {
        role: "user",
        content: { type: "text", text: context === undefined ? "Answer without any particular context." : `Answer using this context: ${context}` },
      },
    ],
  };
}

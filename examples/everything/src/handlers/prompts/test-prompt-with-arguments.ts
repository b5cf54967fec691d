import type { PromptContext, PromptResult } from "@turbomcp/runtime";
import type { TestPromptWithArgumentsArguments } from "../../generated/types.gen.js";

/** Prompt "test_prompt_with_arguments": both arguments substituted into the text (scenario prompts-get-with-args). */
export async function testPromptWithArguments(args: TestPromptWithArgumentsArguments, _ctx: PromptContext): Promise<PromptResult> {
  return `Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'`;
}

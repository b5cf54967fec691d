import type { PromptContext, PromptResult } from "@turbomcp/runtime";
import type { TestPromptWithImageArguments } from "../../generated/types.gen.js";
import { RED_PIXEL_PNG } from "../../media.js";

/** Prompt "test_prompt_with_image": an image message, then a question about it (scenario prompts-get-with-image). */
export async function testPromptWithImage(_args: TestPromptWithImageArguments, _ctx: PromptContext): Promise<PromptResult> {
  return [
    { role: "user", content: { type: "image", data: RED_PIXEL_PNG, mimeType: "image/png" } },
    { role: "user", content: { type: "text", text: "Please analyze the image above." } },
  ];
}

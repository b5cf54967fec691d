import type { PromptContext, PromptResult } from "@turbomcp/runtime";
import type { TestPromptWithEmbeddedResourceArguments } from "../../generated/types.gen.js";

/**
 * Prompt "test_prompt_with_embedded_resource": embeds a resource at the URI the
 * caller names, then asks about it (scenario prompts-get-embedded-resource). The
 * content is fixed: the scenario passes a URI this server does not serve.
 */
export async function testPromptWithEmbeddedResource(args: TestPromptWithEmbeddedResourceArguments, _ctx: PromptContext): Promise<PromptResult> {
  return [
    {
      role: "user",
      content: { type: "resource", resource: { uri: args.resourceUri, mimeType: "text/plain", text: "Embedded resource content for testing." } },
    },
    { role: "user", content: { type: "text", text: "Please process the embedded resource above." } },
  ];
}

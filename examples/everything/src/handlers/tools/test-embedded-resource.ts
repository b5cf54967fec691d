import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestEmbeddedResourceInput } from "../../generated/types.gen.js";

/** Tool "test_embedded_resource": an embedded resource with uri, mimeType and text, as scenario tools-call-embedded-resource requires. */
export async function testEmbeddedResource(_input: TestEmbeddedResourceInput, _ctx: ToolContext): Promise<ToolResult> {
  return [
    {
      type: "resource",
      resource: { uri: "test://embedded-resource", mimeType: "text/plain", text: "This is an embedded resource content." },
    },
  ];
}

import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestMultipleContentTypesInput } from "../../generated/types.gen.js";
import { RED_PIXEL_PNG } from "../../media.js";

/** Tool "test_multiple_content_types": text, image and embedded resource in one result (scenario tools-call-mixed-content). */
export async function testMultipleContentTypes(_input: TestMultipleContentTypesInput, _ctx: ToolContext): Promise<ToolResult> {
  return [
    { type: "text", text: "Multiple content types test:" },
    { type: "image", data: RED_PIXEL_PNG, mimeType: "image/png" },
    {
      type: "resource",
      resource: { uri: "test://mixed-content-resource", mimeType: "application/json", text: JSON.stringify({ test: "data", value: 123 }) },
    },
  ];
}

import type { ToolContext, ToolResult } from "@turbomcp/runtime";
import type { TestImageContentInput } from "../../generated/types.gen.js";
import { RED_PIXEL_PNG } from "../../media.js";

/** Tool "test_image_content": one image block; the scenario checks `data` and `mimeType`. */
export async function testImageContent(_input: TestImageContentInput, _ctx: ToolContext): Promise<ToolResult> {
  return [{ type: "image", data: RED_PIXEL_PNG, mimeType: "image/png" }];
}

import type { ResourceContext, ResourceResult } from "@turbomcp/runtime";
import { RED_PIXEL_PNG } from "../../media.js";

/** Resource "test://static-binary": a base64 `blob` with its mimeType (scenario resources-read-binary). */
export async function staticBinary(_ctx: ResourceContext): Promise<ResourceResult> {
  return { mimeType: "image/png", blob: RED_PIXEL_PNG };
}

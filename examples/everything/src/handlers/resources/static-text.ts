import type { ResourceContext, ResourceResult } from "@turbomcp/runtime";

/** Resource "test://static-text": the text scenario resources-read-text documents. */
export async function staticText(_ctx: ResourceContext): Promise<ResourceResult> {
  return { mimeType: "text/plain", text: "This is the content of the static text resource." };
}

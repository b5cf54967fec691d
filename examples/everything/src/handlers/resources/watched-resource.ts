import type { ResourceContext, ResourceResult } from "@turbomcp/runtime";

/**
 * Resource "test://watched-resource": scenarios resources-subscribe and
 * resources-unsubscribe subscribe to this URI and never read it; reading it
 * returns when it was read, the kind of content a subscriber would watch.
 */
export async function watchedResource(_ctx: ResourceContext): Promise<ResourceResult> {
  return { mimeType: "text/plain", text: `Watched resource, read at ${new Date().toISOString()}` };
}

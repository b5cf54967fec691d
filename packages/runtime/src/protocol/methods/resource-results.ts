/**
 * Maps a resource handler's result to `ReadResourceResult.contents`: text becomes one
 * text item, and `uri`/`mimeType` default to the URI read and the route's MIME type.
 */
import type { ResourceContent, ResourceResult } from "../../handlers/results.js";
import type { ResourceContents } from "../../handlers/mcp-types.js";

function complete(content: ResourceContent, uri: string, mimeType: string | undefined): ResourceContents {
  const withUri = { ...content, uri: content.uri ?? uri };
  return withUri.mimeType === undefined && mimeType !== undefined ? { ...withUri, mimeType } : withUri;
}

export function resourceContents(result: ResourceResult, uri: string, mimeType: string | undefined): ResourceContents[] {
  if (typeof result === "string") return [complete({ text: result }, uri, mimeType)];
  const items: readonly ResourceContent[] = Array.isArray(result) ? result : [result as ResourceContent];
  return items.map((item) => complete(item, uri, mimeType));
}

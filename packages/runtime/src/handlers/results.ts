/**
 * What handlers may return. Shorthands keep simple handlers short; the runtime turns
 * each into the MCP result shape (see `runtime/protocol/` for the mapping).
 */
import type { BlobResourceContents, CallToolResult, ContentBlock, GetPromptResult, PromptMessage, TextResourceContents } from "./mcp-types.js";

/**
 * Result of a tool without `outputSchema`: a string (one text block), content
 * blocks, or a full `CallToolResult`. Tools with `outputSchema` return their typed
 * output instead, and the runtime sends it as `structuredContent` plus text.
 */
export type ToolResult = string | readonly ContentBlock[] | CallToolResult;

/** Contents of one resource; `uri` defaults to the URI that was read. */
export type ResourceContent = (Omit<TextResourceContents, "uri"> & { readonly uri?: string }) | (Omit<BlobResourceContents, "uri"> & { readonly uri?: string });

/** A resource handler returns text, one content item or several. */
export type ResourceResult = string | ResourceContent | readonly ResourceContent[];

/** A prompt handler returns one user message as text, messages, or a full result. */
export type PromptResult = string | readonly PromptMessage[] | GetPromptResult;

/** Completion values; the runtime truncates to the protocol's 100 and sets `hasMore`. */
export type CompletionResult = readonly string[];

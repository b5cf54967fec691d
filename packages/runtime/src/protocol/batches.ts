/**
 * The one rule for JSON-RPC batches, on every transport: accepted on protocol version
 * 2025-03-26 only (it added them, 2025-06-18 removed them, 2026-07-28 has none, and a
 * connection that has not initialized has no version yet). The dispatcher applies it
 * to batches on a connection (stdio, sockets, WebSocket, legacy SSE), the Streamable
 * HTTP POST handlers of both eras before they read a batch's requests.
 */
import { McpError } from "./errors.js";
import { BATCH_VERSION, isStatelessVersion } from "./versions.js";

/** Whether a batch is served on `version` (undefined: not initialized yet). */
export function acceptsBatches(version: string | undefined): boolean {
  return version === BATCH_VERSION;
}

/** The -32600 that refuses a batch on `version`, a version `acceptsBatches` refuses. */
export function batchRefusal(version: string | undefined): McpError {
  const hint = version !== undefined && isStatelessVersion(version) ? "; send one message per request" : "";
  return new McpError(
    "invalid_request",
    `Invalid request: batches are accepted on protocol version ${BATCH_VERSION} only, not ${version ?? "an uninitialized connection"}${hint}`,
  );
}

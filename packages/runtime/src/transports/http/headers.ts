/** Header checks for the Streamable HTTP endpoint (basic/transports, "Sending Messages to the Server"). */
import type { IncomingMessage } from "node:http";
import { SUPPORTED_PROTOCOL_VERSIONS } from "../../protocol/versions.js";

/** Header names as Node delivers them (lower case). */
export const SESSION_HEADER = "mcp-session-id";
export const PROTOCOL_VERSION_HEADER = "mcp-protocol-version";

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

/** POST: the client MUST accept both a JSON body and an SSE stream. */
export function acceptsJsonAndSse(req: IncomingMessage): boolean {
  const accept = single(req.headers.accept)?.toLowerCase();
  return accept !== undefined && accept.includes("application/json") && accept.includes("text/event-stream");
}

/** GET: the client MUST list text/event-stream. */
export function acceptsSse(req: IncomingMessage): boolean {
  return single(req.headers.accept)?.toLowerCase().includes("text/event-stream") ?? false;
}

/** `application/json`, with or without parameters such as `charset=utf-8`. */
export function isJsonContent(req: IncomingMessage): boolean {
  const type = req.headers["content-type"];
  if (type === undefined) return false;
  const semicolon = type.indexOf(";");
  return (semicolon === -1 ? type : type.slice(0, semicolon)).trim().toLowerCase() === "application/json";
}

export function protocolVersionOf(req: IncomingMessage): string | undefined {
  return single(req.headers[PROTOCOL_VERSION_HEADER]);
}

export function sessionIdOf(req: IncomingMessage): string | undefined {
  return single(req.headers[SESSION_HEADER]);
}

/**
 * A missing header means 2025-03-26 (the spec's backwards-compatibility rule), so
 * only a present header is checked: it must name a version this server speaks.
 */
export function protocolVersionProblem(req: IncomingMessage): string | undefined {
  const version = single(req.headers[PROTOCOL_VERSION_HEADER]);
  if (version === undefined || (SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(version)) return undefined;
  return `Unsupported MCP-Protocol-Version: ${version}; supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}`;
}

/** The `Last-Event-ID` a client resuming an SSE stream sends. */
export function lastEventIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers["last-event-id"];
  return typeof value === "string" ? value : undefined;
}

/**
 * Checks an HTTP upgrade request before it becomes a WebSocket: the endpoint path,
 * DNS-rebinding protection (a browser page may open a WebSocket to 127.0.0.1 from any
 * origin, so Origin and Host are checked exactly as for Streamable HTTP) and the
 * `mcp` subprotocol.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { originProblem, type OriginPolicy } from "./http/origin.js";

/** The subprotocol MCP clients offer (the official SDK's WebSocket client sends it). */
export const MCP_SUBPROTOCOL = "mcp";

export interface Refusal {
  readonly status: 400 | 403 | 404;
  readonly message: string;
}

function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers["sec-websocket-protocol"];
  return header === undefined ? [] : header.split(",").map((name) => name.trim()).filter(Boolean);
}

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** Returns why the upgrade is refused, or undefined when it may proceed. */
export function handshakeProblem(req: IncomingMessage, path: string, policy: OriginPolicy): Refusal | undefined {
  if (pathOf(req.url ?? "/") !== path) return { status: 404, message: `Not found: the MCP endpoint is ${path}` };
  const forbidden = originProblem(req, policy);
  if (forbidden !== undefined) return { status: 403, message: forbidden };
  const offered = offeredProtocols(req);
  // A client that offers no subprotocol is served; one that asks only for others
  // speaks something else, and agreeing to none of them would leave it guessing.
  if (offered.length > 0 && !offered.includes(MCP_SUBPROTOCOL)) {
    return { status: 400, message: `Bad Request: the WebSocket subprotocol must be "${MCP_SUBPROTOCOL}"` };
  }
  return undefined;
}

const REASONS: Record<Refusal["status"], string> = { 400: "Bad Request", 403: "Forbidden", 404: "Not Found" };

/** Answers the upgrade request with a plain HTTP error and closes the connection. */
export function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  const body = `${refusal.message}\n`;
  socket.end(
    `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\n` +
      "Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

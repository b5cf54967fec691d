/**
 * Checks an HTTP upgrade request before it becomes a WebSocket: the endpoint path,
 * DNS-rebinding protection (a browser page may open a WebSocket to 127.0.0.1 from any
 * origin, so Origin and Host are checked exactly as for Streamable HTTP) and the
 * `mcp` subprotocol. Who is connecting is then decided by the HTTP endpoint's
 * admission (auth/admission.ts): a socket is one caller for its whole life, so
 * credentials and tenant are checked once, at the upgrade, and a refused client
 * never gets a socket.
 */
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { AdmissionRefusal } from "../auth/admission.js";
import { originProblem, type OriginPolicy } from "../network/origin.js";

/** The subprotocol MCP clients offer (the official SDK's WebSocket client sends it). */
export const MCP_SUBPROTOCOL = "mcp";

export interface Refusal {
  readonly status: 400 | 403 | 404;
  readonly message: string;
}

function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers["sec-websocket-protocol"];
  return header === undefined
    ? []
    : header
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean);
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

/**
 * Answers the upgrade request with an HTTP error and closes the connection: the
 * handshake checks as plain text, the security layer's refusals as they were
 * rendered (a JSON-RPC error body from the error table, their headers).
 */
export function refuseUpgrade(socket: Duplex, refusal: Refusal | AdmissionRefusal): void {
  const rendered = "body" in refusal;
  const body = rendered ? refusal.body : `${refusal.message}\n`;
  const headers: Readonly<Record<string, string>> = {
    "content-type": rendered ? "application/json" : "text/plain; charset=utf-8",
    ...(rendered ? refusal.headers : undefined),
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ""}\r\nConnection: close\r\n${lines.join("")}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

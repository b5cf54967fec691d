/**
 * Plain JSON answers on the raw `node:http` response. Every error is a JSON-RPC
 * error body whose HTTP status comes from the one table in protocol/errors.ts:
 * never HTML, never a stack.
 */
import type { ServerResponse } from "node:http";
import type { EncodedParts } from "../../protocol/encode.js";
import { McpError, httpStatus, type McpErrorCode } from "../../protocol/errors.js";
import { errorResponse, type JsonRpcId } from "../../protocol/jsonrpc.js";

export type HeaderMap = Readonly<Record<string, string>>;

/** Computed once: the headers every JSON answer carries. */
export const JSON_HEADERS: HeaderMap = { "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" };

/**
 * Writes a complete JSON body; does nothing if the client has already gone. A body
 * in parts (a large cached list) goes out as one corked write of its pieces.
 */
export function sendJson(res: ServerResponse, status: number, body: string | EncodedParts, headers?: HeaderMap): void {
  if (res.headersSent || res.destroyed) return;
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(status, { ...JSON_HEADERS, ...headers, "content-length": length });
  if (typeof body === "string") return void res.end(body);
  res.cork();
  res.write(body.head);
  res.write(body.body);
  res.end(body.tail);
  res.uncork();
}

/** The body of a JSON-RPC error answer. */
export function errorJson(code: McpErrorCode, message: string, id: JsonRpcId | null = null): string {
  return JSON.stringify(errorResponse(id, new McpError(code, message)));
}

/** Answers with a JSON-RPC error; the HTTP status is the table's for `code`. */
export function sendError(res: ServerResponse, code: McpErrorCode, message: string, id: JsonRpcId | null = null, headers?: HeaderMap): void {
  sendJson(res, httpStatus(code), errorJson(code, message, id), headers);
}

/** 202 Accepted, no body: the answer to notifications and responses. */
export function sendAccepted(res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(202, { "content-length": "0" });
  res.end();
}

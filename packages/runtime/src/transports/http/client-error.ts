/**
 * Requests Node's HTTP parser refuses before any handler runs (a bad request line,
 * conflicting lengths, a head over `maxHeaderSize`) get a JSON-RPC error too, not
 * Node's empty 400: 431 for an oversized head, 400 otherwise.
 */
import type { Duplex } from "node:stream";
import { McpError } from "../../protocol/errors.js";
import { errorResponse } from "../../protocol/jsonrpc.js";

/** A `clientError` listener for `node:http` servers. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
  const body = JSON.stringify(
    errorResponse(null, new McpError("invalid_request", tooLarge ? "Request header fields too large" : "Bad Request: malformed HTTP request")),
  );
  socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

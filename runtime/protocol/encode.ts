/**
 * Turns messages into wire text. List results are serialised once (the table is
 * frozen) and their text spliced into each reply, so a large `tools/list` costs a
 * map lookup instead of a `JSON.stringify` per request.
 */
import type { ServerLogger } from "../observability/logger.js";
import { McpError } from "./errors.js";
import { errorResponse, type JsonRpcBatchReply, type JsonRpcMessage } from "./jsonrpc.js";

const serialised = new WeakMap<object, string>();

/** Records the JSON text of a result that never changes; returns the result. */
export function preserialise<T extends object>(result: T): T {
  serialised.set(result, JSON.stringify(result));
  return result;
}

function isBatch(message: JsonRpcMessage | JsonRpcBatchReply): message is JsonRpcBatchReply {
  return Array.isArray(message);
}

/**
 * Serialises a message, or a batch reply (each reply encoded on its own, so one that
 * cannot be serialised becomes an internal error without losing the others). A result JSON cannot represent (a BigInt, a cycle) is a
 * handler bug: the request still gets an answer, an internal error.
 *
 * @example
 * ```ts
 * encodeMessage({ jsonrpc: "2.0", id: 1, result: {} }); // '{"jsonrpc":"2.0","id":1,"result":{}}'
 * ```
 */
export function encodeMessage(message: JsonRpcMessage | JsonRpcBatchReply): string {
  if (isBatch(message)) return `[${message.map(encodeMessage).join(",")}]`;
  if ("result" in message) {
    const text = serialised.get(message.result);
    if (text !== undefined) return `{"jsonrpc":"2.0","id":${JSON.stringify(message.id)},"result":${text}}`;
  }
  try {
    return JSON.stringify(message);
  } catch {
    if (!("id" in message) || "method" in message) throw new McpError("internal_error", "message cannot be serialised");
    return JSON.stringify(errorResponse(message.id, new McpError("internal_error", "Internal error: result cannot be serialised")));
  }
}

/**
 * What transports write: the encoded message, or `undefined` when it cannot be
 * serialised at all (e.g. `ctx.log()` with a BigInt), which is logged and dropped
 * so the connection lives on.
 */
export function encodeOrDrop(message: JsonRpcMessage | JsonRpcBatchReply, logger: ServerLogger): string | undefined {
  try {
    return encodeMessage(message);
  } catch (error) {
    logger.error("dropped a message that cannot be serialised", error);
    return undefined;
  }
}

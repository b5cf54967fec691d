/**
 * Turns messages into wire text. List results are serialised once (the table is
 * frozen) and their text spliced into each reply, so a large `tools/list` costs a
 * map lookup instead of a `JSON.stringify` per request.
 *
 * Large preserialised results are also kept as UTF-8 bytes: on Node 20, measuring
 * and encoding a fresh 340 KB reply string (1,000 tools) costs about 2 ms each time,
 * while writing the cached bytes between a small head and tail costs a memcpy at
 * most. Transports that can write parts use `encodeReplyParts`.
 */
import type { ServerLogger } from "./logger.js";
import { McpError } from "./errors.js";
import { errorResponse, type JsonRpcBatchReply, type JsonRpcMessage } from "./jsonrpc.js";

interface Preserialised {
  readonly text: string;
  /** UTF-8 of `text`, made on first use, only for results of `PREENCODE_MIN_CHARS` or more. */
  bytes?: Buffer;
}

const serialised = new WeakMap<object, Preserialised>();

/** Below this, one string write is as cheap as parts: small lists stay strings. */
const PREENCODE_MIN_CHARS = 16 * 1024;

/** Records the JSON text of a result that never changes; returns the result. */
export function preserialise<T extends object>(result: T): T {
  serialised.set(result, { text: JSON.stringify(result) });
  return result;
}

/**
 * A reply whose large result was encoded once: write `head`, then `body`, then
 * `tail`; `byteLength` is their total, for Content-Length.
 */
export interface EncodedParts {
  readonly head: string;
  readonly body: Buffer;
  readonly tail: string;
  readonly byteLength: number;
}

function replyHead(id: unknown): string {
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":`;
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
 * import { encodeMessage } from "@turbomcp/runtime";
 * encodeMessage({ jsonrpc: "2.0", id: 1, result: {} }); // '{"jsonrpc":"2.0","id":1,"result":{}}'
 * ```
 */
export function encodeMessage(message: JsonRpcMessage | JsonRpcBatchReply): string {
  if (isBatch(message)) return `[${message.map(encodeMessage).join(",")}]`;
  if ("result" in message) {
    const known = serialised.get(message.result);
    if (known !== undefined) return `${replyHead(message.id)}${known.text}}`;
  }
  try {
    return JSON.stringify(message);
  } catch {
    if (!("id" in message) || "method" in message) throw new McpError("internal_error", "message cannot be serialised");
    return JSON.stringify(errorResponse(message.id, new McpError("internal_error", "Internal error: result cannot be serialised")));
  }
}

/**
 * Like `encodeMessage`, but a reply carrying a large preserialised result comes back
 * as parts around its cached bytes instead of one new string.
 */
export function encodeReplyParts(message: JsonRpcMessage | JsonRpcBatchReply): string | EncodedParts {
  if (!isBatch(message) && "result" in message) {
    const known = serialised.get(message.result);
    if (known !== undefined && known.text.length >= PREENCODE_MIN_CHARS) {
      known.bytes ??= Buffer.from(known.text, "utf8");
      const head = replyHead(message.id);
      return { head, body: known.bytes, tail: "}", byteLength: Buffer.byteLength(head) + known.bytes.length + 1 };
    }
  }
  return encodeMessage(message);
}

/**
 * What transports write: the encoded message, or `undefined` when it cannot be
 * serialised at all (e.g. `ctx.log()` with a BigInt), which is logged and dropped
 * so the connection lives on.
 */
export function encodeOrDrop(message: JsonRpcMessage | JsonRpcBatchReply, logger: ServerLogger): string | undefined {
  return orDrop(encodeMessage, message, logger);
}

/** `encodeOrDrop` for transports that write parts (`encodeReplyParts`). */
export function encodePartsOrDrop(message: JsonRpcMessage | JsonRpcBatchReply, logger: ServerLogger): string | EncodedParts | undefined {
  return orDrop(encodeReplyParts, message, logger);
}

function orDrop<T>(
  encode: (message: JsonRpcMessage | JsonRpcBatchReply) => T,
  message: JsonRpcMessage | JsonRpcBatchReply,
  logger: ServerLogger,
): T | undefined {
  try {
    return encode(message);
  } catch (error) {
    logger.error("dropped a message that cannot be serialised", error);
    return undefined;
  }
}

/**
 * JSON-RPC 2.0 messages as MCP uses them, and the parsing of one line (stdio) or one
 * body (HTTP) into a request, notification or response, or into the error reply.
 */
import { isUtf8 } from "node:buffer";
import { DEFAULT_MAX_JSON_DEPTH } from "../config/defaults.js";
import { McpError } from "./errors.js";
import { isRecord } from "./is-record.js";

/** MCP forbids `null` request ids (basic/index); `null` appears only in error replies. */
export type JsonRpcId = string | number;
export type JsonRpcParams = Readonly<Record<string, unknown>>;

export interface JsonRpcRequest {
  readonly jsonrpc: "2.0";
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params?: JsonRpcParams;
}

export interface JsonRpcNotification {
  readonly jsonrpc: "2.0";
  readonly method: string;
  readonly params?: JsonRpcParams;
}

export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export interface JsonRpcSuccess {
  readonly jsonrpc: "2.0";
  readonly id: JsonRpcId;
  readonly result: JsonRpcParams;
}

export interface JsonRpcFailure {
  readonly jsonrpc: "2.0";
  /**
   * Absent when the id of the offending message could not be read: MCP ids are never
   * null (basic/index), so the server omits the id where JSON-RPC 2.0 would send null.
   * A peer's own error responses may still carry `null`.
   */
  readonly id?: JsonRpcId | null;
  readonly error: JsonRpcErrorObject;
}

export type JsonRpcResponse = JsonRpcSuccess | JsonRpcFailure;
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;
/** The replies to a batch, sent as one JSON array (JSON-RPC 2.0, "Batch"). */
export type JsonRpcBatchReply = readonly JsonRpcResponse[];

export type ParsedMessage =
  | { readonly kind: "request"; readonly message: JsonRpcRequest }
  | { readonly kind: "notification"; readonly message: JsonRpcNotification }
  | { readonly kind: "response"; readonly message: JsonRpcResponse }
  /** A JSON array of messages: accepted only on 2025-03-26, the one version with batches. */
  | { readonly kind: "batch"; readonly items: readonly ParsedMessage[] }
  /** `reply` is null when JSON-RPC forbids answering (a broken response or notification). */
  | { readonly kind: "invalid"; readonly reply: JsonRpcFailure | null; readonly reason: string };

/** Builds an error reply from an `McpError`; `null` means the id is unknown, and it is left out. */
export function errorResponse(id: JsonRpcId | null, error: McpError): JsonRpcFailure {
  return id === null ? { jsonrpc: "2.0", error: error.toJsonRpc() } : { jsonrpc: "2.0", id, error: error.toJsonRpc() };
}

/** `result` is any object: MCP result interfaces lack the index signature `JsonRpcParams` has. */
export function successResponse(id: JsonRpcId, result: object): JsonRpcSuccess {
  return { jsonrpc: "2.0", id, result: result as JsonRpcParams };
}

function isId(value: unknown): value is JsonRpcId {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

function invalid(id: JsonRpcId | null, reason: string, reply = true): ParsedMessage {
  const error = new McpError("invalid_request", `Invalid request: ${reason}`);
  return { kind: "invalid", reply: reply ? errorResponse(id, error) : null, reason };
}

/**
 * Classifies an already-decoded JSON value.
 *
 * @example
 * ```ts
 * import { classifyMessage } from "@turbomcp/runtime";
 * classifyMessage({ jsonrpc: "2.0", id: 1, method: "ping" }).kind; // "request"
 * ```
 */
export function classifyMessage(value: unknown): ParsedMessage {
  // Whether a batch is allowed depends on the version the connection negotiated: the dispatcher decides.
  if (Array.isArray(value)) return value.length === 0 ? invalid(null, "an empty batch") : { kind: "batch", items: value.map(classifyItem) };
  return classifyItem(value);
}

/** One message; a batch inside a batch is not a message (JSON-RPC allows no nesting). */
function classifyItem(value: unknown): ParsedMessage {
  if (Array.isArray(value)) return invalid(null, "a batch may not contain a batch");
  if (!isRecord(value)) return invalid(null, "a message must be a JSON object");
  const id = isId(value.id) ? value.id : null;
  const { method, params } = value;
  // Never answer something that is (or tries to be) a response or a notification:
  // JSON-RPC forbids it, and two peers answering each other's garbage would loop.
  const isResponse = method === undefined && ("result" in value || "error" in value);
  const mayReply = !isResponse && !(method !== undefined && !("id" in value));
  if (value.jsonrpc !== "2.0") return invalid(id, 'jsonrpc must be "2.0"', mayReply);
  if (isResponse) return classifyResponse(value, id);
  if (typeof method !== "string") return invalid(id, "method must be a string", mayReply);
  if (params !== undefined && !isRecord(params)) return invalid(id, "params must be an object", mayReply);
  const base = params === undefined ? { jsonrpc: "2.0" as const, method } : { jsonrpc: "2.0" as const, method, params };
  if (!("id" in value)) return { kind: "notification", message: base };
  if (id === null) return invalid(null, "id must be a string or a number");
  return { kind: "request", message: { ...base, id } };
}

function classifyResponse(value: Record<string, unknown>, id: JsonRpcId | null): ParsedMessage {
  const { result, error } = value;
  if (id !== null && isRecord(result)) return { kind: "response", message: { jsonrpc: "2.0", id, result } };
  if (isRecord(error) && typeof error.code === "number" && typeof error.message === "string" && (id !== null || value.id === null)) {
    const object = error.data === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, data: error.data };
    return { kind: "response", message: { jsonrpc: "2.0", id, error: object } };
  }
  return invalid(id, "malformed response", false);
}

function parseError(reason: string): ParsedMessage {
  return { kind: "invalid", reply: errorResponse(null, new McpError("parse_error", `Parse error: ${reason}`)), reason };
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether the JSON `text` (already known to parse) nests deeper than `limit` arrays
 * and objects. It counts brackets outside strings in one pass over the characters:
 * no allocation, no recursion, so neither this check nor the recursive code after it
 * (validators, canonical JSON, serialisation) can overflow on a 100,000-level message.
 * (Walking the parsed value instead cost ~600 bytes of garbage per ordinary request.)
 */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** Parses one line or body; malformed JSON becomes a -32700 reply without an id. */
export function parseMessage(text: string): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseError("invalid JSON");
  }
  const parsed = classifyMessage(value);
  // A message this deep needs at least twice as many characters; short ones skip the walk.
  if (text.length > 2 * DEFAULT_MAX_JSON_DEPTH && nestsDeeperThan(text, DEFAULT_MAX_JSON_DEPTH)) return tooDeep(parsed);
  return parsed;
}

/** A message nested too deep: refused with its id if it is a request, unanswered if it may not be answered. */
function tooDeep(parsed: ParsedMessage): ParsedMessage {
  const reason = `the message nests deeper than ${DEFAULT_MAX_JSON_DEPTH} levels`;
  if (parsed.kind === "request") return invalid(parsed.message.id, reason);
  return invalid(null, reason, parsed.kind === "batch" || parsed.kind === "invalid");
}

/**
 * Parses one line or body as it came off the wire: it must be UTF-8 (basic/transports:
 * "JSON-RPC messages MUST be UTF-8 encoded"), not decoded with replacement characters.
 */
export function parseBytes(bytes: Uint8Array): ParsedMessage {
  if (!isUtf8(bytes)) return parseError("the message is not valid UTF-8");
  return parseMessage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
}

/**
 * Key-count limit for JSON bodies. A body within the size limit can still hold
 * hundreds of thousands of object keys; every later step (validators, canonical
 * JSON, sorting for list filters) pays per key. Like the depth check in
 * protocol/jsonrpc.ts, the walk is iterative and only runs on bodies large enough
 * to exceed the limit at all.
 */
import { DEFAULT_MAX_JSON_KEYS } from "../../config/defaults.js";
import { McpError } from "../../protocol/errors.js";
import { errorResponse, type ParsedMessage } from "../../protocol/jsonrpc.js";

/** The fewest bytes a key costs: `"":0` plus a separator is five; four keeps the bound safe. */
const MIN_BYTES_PER_KEY = 4;

/** Whether `value` holds more than `limit` object keys in total, at any depth. */
export function hasMoreKeysThan(value: unknown, limit: number): boolean {
  let keys = 0;
  const stack: unknown[] = [value];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typeof node !== "object" || node === null) continue;
    if (Array.isArray(node)) {
      for (const child of node) if (typeof child === "object" && child !== null) stack.push(child);
      continue;
    }
    for (const key in node) {
      if (++keys > limit) return true;
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === "object" && child !== null) stack.push(child);
    }
  }
  return false;
}

/** What the parsed message carries; top-level fields other than these were dropped by the parser. */
function payloadOf(parsed: ParsedMessage): unknown {
  switch (parsed.kind) {
    case "request":
    case "notification":
      return parsed.message.params;
    case "response":
      return parsed.message;
    case "batch":
      return parsed.items.map(payloadOf);
    case "invalid":
      return undefined;
  }
}

/**
 * Refuses a message holding more than `limit` keys with -32600 (HTTP 400), echoing
 * a request's id; any other message is returned as it is. `bodyBytes` is the
 * body's size: a body too small to hold that many keys is not walked.
 */
export function limitJsonKeys(parsed: ParsedMessage, bodyBytes: number, limit: number = DEFAULT_MAX_JSON_KEYS): ParsedMessage {
  if (bodyBytes <= limit * MIN_BYTES_PER_KEY || !hasMoreKeysThan(payloadOf(parsed), limit)) return parsed;
  const reason = `the message holds more than ${limit} object keys`;
  const id = parsed.kind === "request" ? parsed.message.id : null;
  // JSON-RPC forbids answering responses and notifications; a batch or request is answered.
  const answerable = parsed.kind === "request" || parsed.kind === "batch";
  return { kind: "invalid", reply: answerable ? errorResponse(id, new McpError("invalid_request", `Invalid request: ${reason}`)) : null, reason };
}

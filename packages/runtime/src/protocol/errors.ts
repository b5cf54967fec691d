/**
 * The one runtime error type and the one table that maps its code to a JSON-RPC
 * error code and an HTTP status. Transports never invent codes of their own.
 */

/**
 * code → [JSON-RPC code, HTTP status]. -32000…-32019 are ours (implementation-defined
 * server errors); -32002, -32020…-32022 and -32042 are fixed by the MCP spec.
 */
const TABLE = {
  parse_error: [-32700, 400],
  invalid_request: [-32600, 400],
  method_not_found: [-32601, 404],
  invalid_params: [-32602, 400],
  internal_error: [-32603, 500],
  server_error: [-32000, 500],
  unauthorized: [-32001, 401],
  resource_not_found: [-32002, 404],
  forbidden: [-32003, 403],
  rate_limited: [-32004, 429],
  request_timeout: [-32005, 408],
  session_not_found: [-32006, 404],
  payload_too_large: [-32007, 413],
  server_shutting_down: [-32008, 503],
  connection_closed: [-32009, 503],
  /** The client answered a server→client request with an error. */
  peer_error: [-32010, 502],
  /** HTTP transports: wrong HTTP method, Accept or Content-Type for the endpoint. */
  method_not_allowed: [-32011, 405],
  not_acceptable: [-32012, 406],
  unsupported_media_type: [-32013, 415],
  /** At capacity (the session limit): try again later; nothing was evicted to make room. */
  server_busy: [-32014, 503],
  /**
   * An upstream the handler depends on is unavailable: its circuit breaker is open, or
   * the call timed out (`ctx.dependency`). Tools answer it as an `isError` result.
   */
  dependency_unavailable: [-32015, 503],
  header_mismatch: [-32020, 400],
  missing_client_capability: [-32021, 400],
  unsupported_protocol_version: [-32022, 400],
  url_elicitation_required: [-32042, 400],
} as const satisfies Record<string, readonly [number, number]>;

export type McpErrorCode = keyof typeof TABLE;

/** JSON-RPC error code for an `McpErrorCode`. */
export function jsonRpcCode(code: McpErrorCode): number {
  return TABLE[code][0];
}

/** HTTP status for an `McpErrorCode` (used by the HTTP transports). */
export function httpStatus(code: McpErrorCode): number {
  return TABLE[code][1];
}

const STATUS_BY_JSON_RPC_CODE: ReadonlyMap<number, number> = new Map(Object.values(TABLE).map(([code, status]) => [code, status]));

/**
 * HTTP status for a JSON-RPC error code already in a reply (2026-07-28 Streamable
 * HTTP answers errors with their status); codes not in the table, such as an
 * application's own, are server errors.
 */
export function httpStatusForJsonRpc(code: number): number {
  return STATUS_BY_JSON_RPC_CODE.get(code) ?? 500;
}

/**
 * A protocol-level failure. The message goes to the client as it is, so it must be
 * safe: no stack traces, secrets or internal details.
 *
 * @example
 * ```ts
 * import { McpError } from "@turbomcp/runtime";
 * throw new McpError("resource_not_found", "Resource not found", { uri: "notes://9" });
 * ```
 */
export class McpError extends Error {
  constructor(
    readonly code: McpErrorCode,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "McpError";
  }

  /** The JSON-RPC `error` object; carries only code, message and data. */
  toJsonRpc(): { code: number; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: jsonRpcCode(this.code), message: this.message }
      : { code: jsonRpcCode(this.code), message: this.message, data: this.data };
  }
}

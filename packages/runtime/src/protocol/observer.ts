/**
 * What observers (metrics, audit log) learn about each request once it is answered.
 * The dispatcher builds one record per request and hands it to every observer; they
 * must not block or throw (a throwing observer is logged and skipped), so their work
 * stays off the hot path.
 */
import type { Caller } from "./caller.js";

/**
 * - `ok`: a result; `tool_error`: a tool result with `isError: true`;
 * - `error`: a JSON-RPC error (see `errorCode`); `timeout`: the handler ran out of time;
 * - `cancelled`: the client cancelled, no reply; `input_required`: a 2026-07-28 interim result.
 */
export type RequestOutcome = "ok" | "tool_error" | "error" | "timeout" | "cancelled" | "input_required";

export interface RequestRecord {
  readonly method: string;
  /** The tool, prompt or resource URI the request named, if any. */
  readonly target: string | undefined;
  readonly protocolVersion: string;
  readonly outcome: RequestOutcome;
  /** JSON-RPC error code when `outcome` is `error`. */
  readonly errorCode: number | undefined;
  /** The request's `params.arguments` (tools/call, prompts/get): for audit logs that opt in, with redaction. */
  readonly arguments: unknown;
  /** From the request's arrival at the dispatcher to its reply. */
  readonly durationMs: number;
  readonly caller: Caller;
}

/** Why a transport turned a request away before the protocol saw it. */
export type RefusalReason = "authentication" | "tenant" | "rate_limit";

/**
 * A request refused at the door (failed authentication, a tenant it may not use, a
 * limit), which never reaches the dispatcher and so has no `RequestRecord`. Holds no
 * credential: the reason, the error code and what was established before the refusal.
 */
export interface RefusalRecord {
  readonly reason: RefusalReason;
  /** The JSON-RPC code of the refusal (-32001, -32003, -32004, -32600). */
  readonly errorCode: number;
  /** The client's address as the transport saw it. */
  readonly remoteAddress: string | undefined;
  /** Who the caller was found to be before the refusal (a failed authentication: nobody). */
  readonly caller: Caller;
}

export interface RequestObserver {
  onRequest(record: RequestRecord): void;
  /** Told about requests refused before they reached the dispatcher (HTTP and WebSocket admission). */
  onRefusal?(record: RefusalRecord): void;
}

/**
 * A request the security layer turns away before it reaches the dispatcher: an
 * authentication failure, a rate limit. Sent as a JSON-RPC error body with the
 * error table's status and the refusal's own headers (`WWW-Authenticate`,
 * `Retry-After`, `RateLimit`).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthResult } from "../auth/authenticator.js";
import type { Caller } from "../protocol/caller.js";
import type { McpErrorCode } from "../protocol/errors.js";
import { sendError } from "../transports/http/reply.js";

export interface HttpRefusal {
  /** From the one error table: `unauthorized` (401), `forbidden` (403), `rate_limited` (429), … */
  readonly code: McpErrorCode;
  /** Safe for the client: no token, no internal detail. */
  readonly message: string;
  /** Lower-case names, e.g. `{ "retry-after": "3" }`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A check run on every MCP request once its caller is known, before its body is
 * read: the rate-limit middleware is one. It may set headers on `res` for requests
 * it lets through (remaining quota); it must not write the response itself.
 */
export type HttpRequestCheck = (req: IncomingMessage, caller: Caller, res: ServerResponse) => HttpRefusal | undefined | Promise<HttpRefusal | undefined>;

/** An authenticator's refusal as an HTTP refusal. */
export function authRefusal(result: Extract<AuthResult, { ok: false }>): HttpRefusal {
  return result.wwwAuthenticate === undefined
    ? { code: result.code, message: result.message }
    : { code: result.code, message: result.message, headers: { "www-authenticate": result.wwwAuthenticate } };
}

/** Sends the refusal. The body is unread; Node discards it after the answer and keeps the connection. */
export function sendRefusal(res: ServerResponse, refusal: HttpRefusal): void {
  sendError(res, refusal.code, refusal.message, null, refusal.headers);
}

/**
 * A request the security layer turns away before its body is read: an
 * authentication failure, a rate limit. Already rendered (status, headers such as
 * `WWW-Authenticate` or `Retry-After`, a JSON-RPC error body), so whoever refuses
 * decides every byte and the endpoint only writes it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthResult } from "../auth/authenticator.js";
import type { Caller } from "../protocol/caller.js";
import { McpError, httpStatus, type McpErrorCode } from "../protocol/errors.js";
import { errorResponse } from "../protocol/jsonrpc.js";
import { sendJson } from "../transports/http/reply.js";

export interface HttpRefusal {
  /** The error table's status for the refusal's code (401, 403, 429, …). */
  readonly status: number;
  /** Lower-case names, e.g. `{ "retry-after": "3" }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A serialised JSON-RPC error response; its id is absent (the body was not read). */
  readonly body: string;
}

/**
 * A check run on every MCP request once its caller is known, before its body is
 * read: the rate limits are one (`createHttpLimits`). It may set headers on `res`
 * for requests it lets through; it must not write the response itself.
 */
export type HttpRequestCheck = (req: IncomingMessage, caller: Caller, res: ServerResponse) => HttpRefusal | undefined | Promise<HttpRefusal | undefined>;

/**
 * Renders a refusal from the one error table.
 *
 * @example
 * ```ts
 * import { httpRefusal, type HttpRequestCheck } from "turbomcp/runtime";
 * const onlyTenantA: HttpRequestCheck = (_req, caller) => (caller.tenant?.id === "a" ? undefined : httpRefusal("forbidden", "Forbidden: tenant a only"));
 * ```
 */
export function httpRefusal(code: McpErrorCode, message: string, headers?: Readonly<Record<string, string>>): HttpRefusal {
  const body = JSON.stringify(errorResponse(null, new McpError(code, message)));
  return headers === undefined ? { status: httpStatus(code), body } : { status: httpStatus(code), headers, body };
}

/** An authenticator's refusal: 400 or 401 with its `WWW-Authenticate` challenge, or 403. */
export function authRefusal(result: Extract<AuthResult, { ok: false }>): HttpRefusal {
  return httpRefusal(result.code, result.message, result.wwwAuthenticate === undefined ? undefined : { "www-authenticate": result.wwwAuthenticate });
}

/** Writes the refusal. The body is unread; Node discards it after the answer and keeps the connection. */
export function sendRefusal(res: ServerResponse, refusal: HttpRefusal): void {
  sendJson(res, refusal.status, refusal.body, refusal.headers);
}

/**
 * RFC 6750 §3 `WWW-Authenticate: Bearer …` challenges and the refusals that carry
 * them. Every refusal the auth layer produces is built here, so the realm, the
 * optional RFC 9728 `resource_metadata` pointer and the quoting are decided once.
 */
import { DEFAULT_AUTH_REALM } from "../config/defaults.js";
import type { AuthResult } from "./authenticator.js";

/** A refusal, as `Authenticator.authenticate` returns it. */
export type AuthRefusal = Extract<AuthResult, { ok: false }>;

export interface ChallengeOptions {
  /** RFC 6750 realm; default `DEFAULT_AUTH_REALM` ("mcp"). */
  readonly realm?: string;
  /**
   * URL of this server's OAuth protected-resource metadata (RFC 9728). MCP clients
   * read it from a 401 challenge to find the authorization server.
   */
  readonly resourceMetadataUrl?: string;
}

/** RFC 6750 §3.1 error codes. */
export type BearerError = "invalid_request" | "invalid_token" | "insufficient_scope";

export interface ChallengeParams {
  readonly error?: BearerError;
  readonly description?: string;
  /** Space-separated scopes the request needs. */
  readonly scope?: string;
}

/** RFC 7230 quoted-string: backslash-escape `"` and `\`; control characters have no place in a header. */
function quote(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/[\u0000-\u001f\u007f]/g, "").replace(/["\\]/g, "\\$&")}"`;
}

/**
 * Builds `Bearer realm="mcp"[, resource_metadata="…"][, error="…"][, error_description="…"][, scope="…"]`.
 *
 * @example
 * ```ts
 * import { bearerChallenge } from "@turbomcp/runtime/auth";
 * const header = bearerChallenge({}, { error: "invalid_token" }); // Bearer realm="mcp", error="invalid_token"
 * ```
 */
export function bearerChallenge(options: ChallengeOptions, params: ChallengeParams = {}): string {
  const parts = [`realm=${quote(options.realm ?? DEFAULT_AUTH_REALM)}`];
  if (options.resourceMetadataUrl !== undefined) parts.push(`resource_metadata=${quote(options.resourceMetadataUrl)}`);
  if (params.error !== undefined) parts.push(`error=${quote(params.error)}`);
  if (params.description !== undefined) parts.push(`error_description=${quote(params.description)}`);
  if (params.scope !== undefined) parts.push(`scope=${quote(params.scope)}`);
  return `Bearer ${parts.join(", ")}`;
}

/** 401 for a request without credentials: RFC 6750 §3.1 says no error code then. */
export function authenticationRequired(options: ChallengeOptions): AuthRefusal {
  return { ok: false, code: "unauthorized", message: "Authentication required", wwwAuthenticate: bearerChallenge(options) };
}

/**
 * Credentials that were sent but not accepted: 401 `invalid_token`, or 400
 * `invalid_request` when the request itself is malformed (a repeated or unparsable
 * credential), as RFC 6750 §3.1 says. `message` must be one of our fixed, safe texts.
 */
export function invalidCredentials(error: "invalid_request" | "invalid_token", message: string, options: ChallengeOptions): AuthRefusal {
  return {
    ok: false,
    code: error === "invalid_request" ? "invalid_request" : "unauthorized",
    message,
    wwwAuthenticate: bearerChallenge(options, { error, description: message }),
  };
}

/**
 * The seam between transports and credential checks. An authenticator turns a
 * request's headers into a principal, or into a refusal the transport sends as it is
 * (400 or 401 with `WWW-Authenticate`, or 403). Framework-neutral: HTTP, WebSocket upgrades
 * and any other transport with headers use the same one. JWT, API keys and, later,
 * the OAuth 2.1 resource server are implementations.
 */
import type { Principal } from "../handlers/context.js";
import type { McpErrorCode } from "../protocol/errors.js";

export interface AuthRequest {
  /**
   * Header names in lower case, as Node delivers them, except that a repeated header
   * is the array of all its values (`authRequestOf` builds this from a request).
   */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The client's address, for schemes that care (never for identity). */
  readonly remoteAddress?: string;
}

export type AuthResult =
  /** `principal` undefined: no credentials were sent and the server allows anonymous callers. */
  | { readonly ok: true; readonly principal: Principal | undefined }
  | {
      readonly ok: false;
      /**
       * From the one error table: `unauthorized` (401), `forbidden` (403), or
       * `invalid_request` (400) for a malformed or repeated credential (RFC 6750 §3.1).
       */
      readonly code: Extract<McpErrorCode, "unauthorized" | "forbidden" | "invalid_request">;
      /** Safe for the client: never the token, never why a signature failed in detail. */
      readonly message: string;
      /** RFC 6750 challenge for 400s and 401s, e.g. `Bearer realm="mcp", error="invalid_token"`. */
      readonly wwwAuthenticate?: string;
    };

export interface Authenticator {
  authenticate(request: AuthRequest): Promise<AuthResult>;
}

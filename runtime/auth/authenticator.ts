/**
 * The seam between transports and credential checks. An authenticator turns a
 * request's headers into a principal, or into a refusal the transport sends as it is
 * (401 with `WWW-Authenticate`, or 403). Framework-neutral: HTTP, WebSocket upgrades
 * and any other transport with headers use the same one. JWT, API keys and, later,
 * the OAuth 2.1 resource server are implementations.
 */
import type { Principal } from "../handlers/context.js";
import type { McpErrorCode } from "../protocol/errors.js";

export interface AuthRequest {
  /** Header names in lower case, as Node delivers them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The client's address, for schemes that care (never for identity). */
  readonly remoteAddress?: string;
}

export type AuthResult =
  /** `principal` undefined: no credentials were sent and the server allows anonymous callers. */
  | { readonly ok: true; readonly principal: Principal | undefined }
  | {
      readonly ok: false;
      /** `unauthorized` (401) or `forbidden` (403), from the one error table. */
      readonly code: Extract<McpErrorCode, "unauthorized" | "forbidden">;
      /** Safe for the client: never the token, never why a signature failed in detail. */
      readonly message: string;
      /** RFC 6750 challenge for 401s, e.g. `Bearer realm="mcp", error="invalid_token"`. */
      readonly wwwAuthenticate?: string;
    };

export interface Authenticator {
  authenticate(request: AuthRequest): Promise<AuthResult>;
}

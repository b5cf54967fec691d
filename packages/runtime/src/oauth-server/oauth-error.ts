/**
 * The errors of the OAuth endpoints, in OAuth's own vocabulary (RFC 6749 §5.2, RFC
 * 7591 §3.2.2, RFC 8707 §2, RFC 7009 §2.2.1). These endpoints are not JSON-RPC, so they
 * answer `{ "error", "error_description" }` with the status OAuth prescribes, not
 * through the MCP error table.
 */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "unsupported_token_type"
  | "invalid_scope"
  | "invalid_target"
  | "access_denied"
  | "invalid_redirect_uri"
  | "invalid_client_metadata"
  | "invalid_token"
  | "server_error";

/** The HTTP status of each code; 400 unless the RFC says otherwise. */
const STATUS: Partial<Record<OAuthErrorCode, number>> = {
  // RFC 6749 §5.2: 401 when the client tried to authenticate with the Authorization header.
  invalid_client: 401,
  // RFC 7592 §2.1 / RFC 6750 §3.1: a bad registration access token.
  invalid_token: 401,
  // The user (or a forged form) was refused on our own pages; at the token endpoint it never occurs.
  access_denied: 403,
  server_error: 500,
};

export class OAuthError extends Error {
  readonly status: number;

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    status?: number,
  ) {
    super(`${code}: ${description}`);
    this.name = "OAuthError";
    this.status = status ?? STATUS[code] ?? 400;
  }

  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}

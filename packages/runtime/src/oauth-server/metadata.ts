/**
 * Where the built-in authorization server's endpoints live, and its metadata document
 * (RFC 8414), which MCP clients read after the protected resource metadata sends them
 * to the issuer. The endpoints sit under the issuer's path, so an issuer with a path
 * (`https://example.com/auth`) serves `/auth/token` and so on.
 */
export interface AuthorizationServerPaths {
  readonly authorize: string;
  readonly decision: string;
  readonly token: string;
  readonly register: string;
  readonly revoke: string;
  readonly jwks: string;
  readonly login: string;
  readonly callback: string;
  /** RFC 8414 §3.1: the well-known path with the issuer's path appended. */
  readonly metadata: string;
  /** OpenID Connect Discovery's location, which some clients try first. */
  readonly openidConfiguration: string;
}

export function authorizationServerPaths(issuer: string): AuthorizationServerPaths {
  const base = new URL(issuer).pathname.replace(/\/$/, "");
  return {
    authorize: `${base}/oauth/authorize`,
    decision: `${base}/oauth/authorize/decision`,
    token: `${base}/oauth/token`,
    register: `${base}/oauth/register`,
    revoke: `${base}/oauth/revoke`,
    jwks: `${base}/oauth/jwks.json`,
    login: `${base}/oauth/login`,
    callback: `${base}/oauth/callback`,
    metadata: `/.well-known/oauth-authorization-server${base}`,
    openidConfiguration: `${base}/.well-known/openid-configuration`,
  };
}

export interface MetadataOptions {
  readonly issuer: string;
  readonly paths: AuthorizationServerPaths;
  readonly scopes: readonly string[] | undefined;
  readonly dynamicRegistration: boolean;
  readonly clientIdMetadataDocuments: boolean;
  readonly clientCredentials: boolean;
}

export function authorizationServerMetadata(options: MetadataOptions): Record<string, unknown> {
  const origin = new URL(options.issuer).origin;
  const url = (path: string): string => `${origin}${path}`;
  return {
    issuer: options.issuer,
    authorization_endpoint: url(options.paths.authorize),
    token_endpoint: url(options.paths.token),
    jwks_uri: url(options.paths.jwks),
    ...(options.dynamicRegistration && { registration_endpoint: url(options.paths.register) }),
    revocation_endpoint: url(options.paths.revoke),
    ...(options.scopes !== undefined && { scopes_supported: options.scopes }),
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token", ...(options.clientCredentials ? ["client_credentials"] : [])],
    token_endpoint_auth_methods_supported: ["none", "client_secret_basic", "client_secret_post"],
    revocation_endpoint_auth_methods_supported: ["none", "client_secret_basic", "client_secret_post"],
    code_challenge_methods_supported: ["S256"],
    // RFC 9207: the authorization response names the issuer, against mix-up attacks.
    authorization_response_iss_parameter_supported: true,
    client_id_metadata_document_supported: options.clientIdMetadataDocuments,
  };
}

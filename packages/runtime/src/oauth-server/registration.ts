/**
 * Dynamic Client Registration (RFC 7591) and its read-back (RFC 7592 §2.1). Anyone
 * may register, so what a client can register is narrow: the authorization code grant
 * (with refresh), exact redirect URIs that are https, loopback http (native apps,
 * RFC 8252 §7.3) or a private-use scheme (`com.example.app:/cb`, RFC 8252 §7.1); the
 * client credentials grant is for the manifest's own clients only. The response
 * carries a registration access token, stored as its hash, that reads the record back.
 */
import { isLoopback } from "../network/loopback.js";
import { OAuthError } from "./oauth-error.js";
import { randomToken, secretKey } from "./secrets.js";
import type { ClientAuthMethod, ClientRecord, GrantType } from "./store.js";

/** Bounds on what one registration may hold, so open registration cannot fill the store with junk. */
const MAX_REDIRECT_URIS = 10;
const MAX_TEXT = 512;

const AUTH_METHODS: readonly ClientAuthMethod[] = ["none", "client_secret_basic", "client_secret_post"];
const REGISTRABLE_GRANTS: readonly GrantType[] = ["authorization_code", "refresh_token"];

function invalid(description: string): never {
  throw new OAuthError("invalid_client_metadata", description);
}

/** A redirect URI a client may register; throws `invalid_redirect_uri` otherwise. */
export function checkRedirectUri(uri: unknown): string {
  if (typeof uri !== "string" || uri.length > 2048)
    throw new OAuthError("invalid_redirect_uri", "each redirect URI must be a string of at most 2048 characters");
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new OAuthError("invalid_redirect_uri", `${JSON.stringify(uri)} is not an absolute URI`);
  }
  if (url.hash !== "" || uri.includes("#")) throw new OAuthError("invalid_redirect_uri", "a redirect URI must not have a fragment");
  if (url.protocol === "https:") return uri;
  if (url.protocol === "http:") {
    if (isLoopback(url.hostname)) return uri;
    throw new OAuthError("invalid_redirect_uri", "plain http redirect URIs must be on loopback (127.0.0.1, [::1] or localhost)");
  }
  // Private-use schemes of native apps; never schemes a browser would run.
  if (/^(javascript|data|vbscript|file|blob|about):$/i.test(url.protocol))
    throw new OAuthError("invalid_redirect_uri", `${url.protocol} redirect URIs are refused`);
  if (!/^[a-z][a-z0-9+.-]*:$/i.test(url.protocol)) {
    throw new OAuthError("invalid_redirect_uri", `${JSON.stringify(uri)} has no usable scheme`);
  }
  return uri;
}

function optionalText(metadata: Record<string, unknown>, name: string): string | undefined {
  const value = metadata[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length > MAX_TEXT) invalid(`${name} must be a string of at most ${MAX_TEXT} characters`);
  return value;
}

function optionalHttpsUrl(metadata: Record<string, unknown>, name: string): string | undefined {
  const value = optionalText(metadata, name);
  if (value === undefined) return undefined;
  try {
    if (new URL(value).protocol === "https:") return value;
  } catch {
    // fall through to the error
  }
  return invalid(`${name} must be an https URL`);
}

export interface Registration {
  readonly client: ClientRecord;
  /** The response body (RFC 7591 §3.2.1), with the secrets that are shown only this once. */
  readonly response: Record<string, unknown>;
}

/**
 * Validates a registration request and builds the client and the response.
 * `knownScopes` undefined means the server accepts any scope name.
 */
export function registerClient(
  body: unknown,
  registrationUri: (clientId: string) => string,
  knownScopes: ReadonlySet<string> | undefined,
  now: number,
): Registration {
  if (typeof body !== "object" || body === null || Array.isArray(body)) invalid("the registration request must be a JSON object");
  const metadata = body as Record<string, unknown>;

  const grantTypes = (metadata.grant_types ?? ["authorization_code"]) as unknown;
  if (!Array.isArray(grantTypes) || grantTypes.length === 0 || grantTypes.some((grant) => !REGISTRABLE_GRANTS.includes(grant as GrantType))) {
    invalid(`grant_types may hold only ${REGISTRABLE_GRANTS.join(" and ")}; client_credentials clients are configured in the manifest`);
  }
  const responseTypes = (metadata.response_types ?? ["code"]) as unknown;
  if (!Array.isArray(responseTypes) || responseTypes.some((type) => type !== "code")) invalid('response_types may hold only "code"');

  const method = (metadata.token_endpoint_auth_method ?? "client_secret_basic") as unknown;
  if (!AUTH_METHODS.includes(method as ClientAuthMethod)) invalid(`token_endpoint_auth_method must be one of ${AUTH_METHODS.join(", ")}`);

  const redirectUris = metadata.redirect_uris;
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) throw new OAuthError("invalid_redirect_uri", "redirect_uris must list at least one URI");
  if (redirectUris.length > MAX_REDIRECT_URIS) throw new OAuthError("invalid_redirect_uri", `at most ${MAX_REDIRECT_URIS} redirect URIs`);
  const uris = redirectUris.map(checkRedirectUri);

  const scope = optionalText(metadata, "scope");
  const scopes = scope === undefined ? undefined : scope.split(" ").filter((name) => name !== "");
  const unknown = scopes?.filter((name) => knownScopes !== undefined && !knownScopes.has(name)) ?? [];
  if (unknown.length > 0) invalid(`unknown scope ${unknown.join(", ")}`);

  const name = optionalText(metadata, "client_name");
  const uri = optionalHttpsUrl(metadata, "client_uri");
  const logo = optionalHttpsUrl(metadata, "logo_uri");

  const clientId = randomToken();
  const registrationToken = randomToken();
  const secret = method === "none" ? undefined : randomToken();
  const issuedAt = Math.floor(now / 1000);
  const echoed: Record<string, unknown> = {
    redirect_uris: uris,
    token_endpoint_auth_method: method,
    grant_types: grantTypes,
    response_types: ["code"],
    ...(name !== undefined && { client_name: name }),
    ...(uri !== undefined && { client_uri: uri }),
    ...(logo !== undefined && { logo_uri: logo }),
    ...(scope !== undefined && { scope }),
  };
  const client: ClientRecord = {
    clientId,
    ...(secret !== undefined && { secretHash: secretKey(secret) }),
    authMethod: method as ClientAuthMethod,
    redirectUris: uris,
    grantTypes: grantTypes as GrantType[],
    ...(scopes !== undefined && { scopes }),
    ...(name !== undefined && { name }),
    ...(uri !== undefined && { uri }),
    registrationTokenHash: secretKey(registrationToken),
    issuedAt,
    metadata: echoed,
  };
  return {
    client,
    response: {
      client_id: clientId,
      ...(secret !== undefined && { client_secret: secret, client_secret_expires_at: 0 }),
      client_id_issued_at: issuedAt,
      registration_access_token: registrationToken,
      registration_client_uri: registrationUri(clientId),
      ...echoed,
    },
  };
}

/** RFC 7592 §3: the read-back shows the metadata, never the secret again. */
export function registrationRecord(client: ClientRecord, registrationUri: string): Record<string, unknown> {
  return {
    client_id: client.clientId,
    client_id_issued_at: client.issuedAt,
    registration_client_uri: registrationUri,
    ...(client.secretHash !== undefined && { client_secret_expires_at: 0 }),
    ...client.metadata,
  };
}

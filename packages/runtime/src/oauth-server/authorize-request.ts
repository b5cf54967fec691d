/**
 * Checking an authorization request (OAuth 2.1 §4.1.1) in the order that decides where
 * an error may go: until the client and its redirect URI are known to match, an error
 * is shown to the user and never redirected (an attacker's redirect_uri must not get
 * one); after that, errors go back to the client with its `state` and our `iss`.
 */
import { checkChallenge } from "./pkce.js";
import { OAuthError } from "./oauth-error.js";
import type { ClientRecord } from "./store.js";

/** One query parameter; a repeated parameter is an error (RFC 6749 §3.1). */
export type QueryValue = string | readonly string[] | undefined;

export interface CheckedAuthorization {
  readonly client: ClientRecord;
  readonly redirectUri: string;
  readonly state: string | undefined;
  readonly codeChallenge: string;
  readonly resource: string;
  /** The scopes asked for; empty when the request names none. */
  readonly scopes: readonly string[];
}

/** An error the user sees on our page (no trustworthy redirect URI), or one returned to the client. */
export type AuthorizationProblem =
  | { readonly kind: "page"; readonly error: OAuthError }
  | { readonly kind: "redirect"; readonly error: OAuthError; readonly redirectUri: string; readonly state: string | undefined };

export interface AuthorizationContext {
  readonly lookUpClient: (clientId: string) => Promise<ClientRecord | undefined>;
  readonly resources: readonly string[];
  readonly knownScopes: ReadonlySet<string>;
}

function single(query: Readonly<Record<string, QueryValue>>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new OAuthError("invalid_request", `${name} is repeated`);
  return value;
}

/** The resource the token is for (RFC 8707): one of this server's, the first by default. */
export function checkResource(requested: string | undefined, resources: readonly string[]): string {
  if (requested === undefined || requested === "") return resources[0] as string;
  if (!resources.includes(requested)) throw new OAuthError("invalid_target", `this server issues tokens for ${resources.join(", ")} only`);
  return requested;
}

/** Space-separated scope names, each one the server knows. */
export function checkScopes(requested: string | undefined, knownScopes: ReadonlySet<string>): string[] {
  const scopes = [...new Set((requested ?? "").split(" ").filter((name) => name !== ""))];
  const unknown = scopes.filter((name) => !knownScopes.has(name));
  if (unknown.length > 0) throw new OAuthError("invalid_scope", `unknown scope ${unknown.join(", ")}`);
  return scopes;
}

export async function checkAuthorizationRequest(
  query: Readonly<Record<string, QueryValue>>,
  context: AuthorizationContext,
): Promise<CheckedAuthorization | AuthorizationProblem> {
  let clientId: string | undefined;
  let requestedRedirect: string | undefined;
  let state: string | undefined;
  try {
    clientId = single(query, "client_id");
    requestedRedirect = single(query, "redirect_uri");
    state = single(query, "state");
  } catch (error) {
    return { kind: "page", error: error as OAuthError };
  }
  if (clientId === undefined || clientId === "") return { kind: "page", error: new OAuthError("invalid_request", "client_id is required") };
  let client: ClientRecord | undefined;
  try {
    client = await context.lookUpClient(clientId);
  } catch (error) {
    if (error instanceof OAuthError) return { kind: "page", error };
    throw error;
  }
  if (client === undefined) return { kind: "page", error: new OAuthError("invalid_client", "unknown client_id", 400) };
  // OAuth 2.1 §2.3.1: exact string match; omitting it is allowed only with one registered URI.
  const redirectUri = requestedRedirect ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  if (redirectUri === undefined) return { kind: "page", error: new OAuthError("invalid_request", "redirect_uri is required") };
  if (!client.redirectUris.includes(redirectUri)) {
    return { kind: "page", error: new OAuthError("invalid_request", "redirect_uri does not match a registered redirect URI") };
  }
  if (!client.grantTypes.includes("authorization_code")) {
    return { kind: "redirect", error: new OAuthError("unauthorized_client", "this client may not use the authorization code grant"), redirectUri, state };
  }
  try {
    const responseType = single(query, "response_type");
    if (responseType !== "code") throw new OAuthError("unsupported_response_type", 'response_type must be "code"');
    const codeChallenge = checkChallenge(single(query, "code_challenge"), single(query, "code_challenge_method"));
    const resource = checkResource(single(query, "resource"), context.resources);
    const scopes = checkScopes(single(query, "scope"), context.knownScopes);
    return { client, redirectUri, state, codeChallenge, resource, scopes };
  } catch (error) {
    if (error instanceof OAuthError) return { kind: "redirect", error, redirectUri, state };
    throw error;
  }
}

/** The redirect back to the client: `code` or `error`, with `state` and `iss` (RFC 9207). */
export function authorizationResponse(
  redirectUri: string,
  issuer: string,
  state: string | undefined,
  outcome: { code: string } | { error: OAuthError },
): string {
  const url = new URL(redirectUri);
  if ("code" in outcome) url.searchParams.set("code", outcome.code);
  else {
    url.searchParams.set("error", outcome.error.code);
    url.searchParams.set("error_description", outcome.error.description);
  }
  if (state !== undefined) url.searchParams.set("state", state);
  url.searchParams.set("iss", issuer);
  return url.href;
}

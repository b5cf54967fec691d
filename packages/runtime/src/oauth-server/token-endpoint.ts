/**
 * The token endpoint (OAuth 2.1 §3.2): the authorization code grant with PKCE, refresh
 * tokens rotated on every use with reuse detection, and client credentials for the
 * manifest's machine clients. A replayed code or refresh token revokes the grant it
 * belongs to, since either the client or an attacker holds a copy (OAuth 2.1 §4.3.1,
 * RFC 9700 §4.14.2).
 */
import { randomUUID } from "node:crypto";
import { signAccessToken, type AccessTokenGrant } from "./access-tokens.js";
import { checkResource, checkScopes } from "./authorize-request.js";
import { authenticateClient, type FormFields } from "./client-auth.js";
import { OAuthError } from "./oauth-error.js";
import { verifierMatches } from "./pkce.js";
import { randomToken, secretKey } from "./secrets.js";
import { grantedScopes, revocationHorizon, type ServerState } from "./server-state.js";
import type { ClientRecord } from "./store.js";

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: "Bearer";
  readonly expires_in: number;
  readonly scope: string;
  readonly refresh_token?: string;
}

function required(form: FormFields, name: string): string {
  const value = form[name];
  if (value === undefined || value === "") throw new OAuthError("invalid_request", `${name} is required`);
  return value;
}

function allowed(client: ClientRecord, grant: "authorization_code" | "refresh_token" | "client_credentials"): void {
  if (!client.grantTypes.includes(grant)) throw new OAuthError("unauthorized_client", `this client may not use the ${grant} grant`);
}

/** The access token, and a refresh token when the grant is a user's and the client may refresh. */
async function issue(state: ServerState, grant: AccessTokenGrant, client: ClientRecord, refreshable: boolean): Promise<TokenResponse> {
  const now = state.now();
  const access = await signAccessToken(state.keys, state.issuer, state.accessTokenTtlSec, grant, now);
  const response: TokenResponse = {
    access_token: access.token,
    token_type: "Bearer",
    expires_in: access.expiresAt - Math.floor(now / 1000),
    scope: grant.scopes.join(" "),
  };
  if (!refreshable || !client.grantTypes.includes("refresh_token")) return response;
  const refresh = randomToken();
  await state.store.putRefresh(secretKey(refresh), { ...grant, expiresAt: now + state.refreshTokenTtlSec * 1000 });
  return { ...response, refresh_token: refresh };
}

async function authorizationCode(state: ServerState, form: FormFields, client: ClientRecord): Promise<TokenResponse> {
  allowed(client, "authorization_code");
  const code = required(form, "code");
  const grantId = randomUUID();
  const redemption = await state.store.redeemCode(secretKey(code), grantId, state.now());
  if (redemption === undefined) throw new OAuthError("invalid_grant", "the authorization code is invalid or expired");
  if (redemption.kind === "replayed") {
    await state.store.revokeGrant(redemption.grantId, revocationHorizon(state));
    throw new OAuthError("invalid_grant", "the authorization code was already used; the tokens issued for it are revoked");
  }
  const issued = redemption.code;
  // A code is bound to its client, redirect URI and PKCE challenge; any mismatch voids it.
  if (issued.clientId !== client.clientId) throw new OAuthError("invalid_grant", "the authorization code was issued to another client");
  if (required(form, "redirect_uri") !== issued.redirectUri) throw new OAuthError("invalid_grant", "redirect_uri differs from the authorization request");
  if (!verifierMatches(form.code_verifier, issued.codeChallenge))
    throw new OAuthError("invalid_grant", "code_verifier does not match the code challenge (PKCE)");
  if (form.resource !== undefined && form.resource !== issued.resource)
    throw new OAuthError("invalid_target", "resource differs from the authorization request");
  return issue(state, { grantId, clientId: client.clientId, resource: issued.resource, scopes: issued.scopes, subject: issued.subject }, client, true);
}

async function refreshToken(state: ServerState, form: FormFields, client: ClientRecord): Promise<TokenResponse> {
  allowed(client, "refresh_token");
  const rotation = await state.store.rotateRefresh(secretKey(required(form, "refresh_token")), state.now());
  if (rotation === undefined) throw new OAuthError("invalid_grant", "the refresh token is invalid, expired or revoked");
  if (rotation.kind === "replayed") {
    await state.store.revokeGrant(rotation.grantId, revocationHorizon(state));
    throw new OAuthError("invalid_grant", "the refresh token was already used; every token of its grant is revoked");
  }
  const previous = rotation.refresh;
  if (previous.clientId !== client.clientId) throw new OAuthError("invalid_grant", "the refresh token was issued to another client");
  if (form.resource !== undefined && form.resource !== previous.resource) throw new OAuthError("invalid_target", "resource differs from the original grant");
  // A refresh may narrow the scopes, never widen them (RFC 6749 §6).
  const asked = form.scope === undefined ? previous.scopes : checkScopes(form.scope, state.knownScopes);
  const widened = asked.filter((scope) => !previous.scopes.includes(scope));
  if (widened.length > 0) throw new OAuthError("invalid_scope", `the original grant does not include ${widened.join(", ")}`);
  return issue(
    state,
    { grantId: previous.grantId, clientId: client.clientId, resource: previous.resource, scopes: asked, subject: previous.subject },
    client,
    true,
  );
}

async function clientCredentials(state: ServerState, form: FormFields, client: ClientRecord): Promise<TokenResponse> {
  allowed(client, "client_credentials");
  if (client.secretHash === undefined) throw new OAuthError("unauthorized_client", "only confidential clients may use the client_credentials grant");
  const resource = checkResource(form.resource, state.resources);
  const requested = checkScopes(form.scope, state.knownScopes);
  const scopes = grantedScopes(state, requested, client, undefined);
  const denied = requested.filter((scope) => !scopes.includes(scope));
  if (denied.length > 0) throw new OAuthError("invalid_scope", `this client may not be granted ${denied.join(", ")}`);
  // The client acts for itself: it is the token's subject, and gets no refresh token.
  return issue(state, { grantId: randomUUID(), clientId: client.clientId, resource, scopes, subject: { subject: client.clientId, claims: {} } }, client, false);
}

export async function tokenEndpoint(state: ServerState, form: FormFields, authorization: string | undefined): Promise<TokenResponse> {
  const grantType = required(form, "grant_type");
  const client = await authenticateClient(form, authorization, state.lookUpClient);
  switch (grantType) {
    case "authorization_code":
      return authorizationCode(state, form, client);
    case "refresh_token":
      return refreshToken(state, form, client);
    case "client_credentials":
      return clientCredentials(state, form, client);
    default:
      throw new OAuthError("unsupported_grant_type", `grant_type ${grantType} is not supported`);
  }
}

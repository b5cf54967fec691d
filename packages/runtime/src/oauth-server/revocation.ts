/**
 * Token revocation (RFC 7009). Revoking either kind of token revokes its whole grant:
 * the refresh tokens rotated from one sign-in and the access tokens they produced,
 * so "sign out" in a client means every token it held stops working. The answer is
 * 200 whether or not the token was known (§2.2), so the endpoint tells a caller
 * nothing about tokens it does not hold.
 */
import { readOwnAccessToken } from "./access-tokens.js";
import { authenticateClient, type FormFields } from "./client-auth.js";
import { OAuthError } from "./oauth-error.js";
import { secretKey } from "./secrets.js";
import { revocationHorizon, type ServerState } from "./server-state.js";

export async function revocationEndpoint(state: ServerState, form: FormFields, authorization: string | undefined): Promise<void> {
  const client = await authenticateClient(form, authorization, state.lookUpClient);
  const token = form.token;
  if (token === undefined || token === "") throw new OAuthError("invalid_request", "token is required");
  const refresh = await state.store.peekRefresh(secretKey(token), state.now());
  if (refresh !== undefined) {
    // A client may revoke only its own tokens (§2.1); another's is ignored like an unknown one.
    if (refresh.clientId === client.clientId) await state.store.revokeGrant(refresh.grantId, revocationHorizon(state));
    return;
  }
  const access = await readOwnAccessToken(state.keys, state.issuer, token);
  if (access !== undefined && access.client_id === client.clientId && typeof access.grant_id === "string") {
    await state.store.revokeGrant(access.grant_id, revocationHorizon(state));
  }
}

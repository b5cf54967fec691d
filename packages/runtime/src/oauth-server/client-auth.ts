/**
 * Who is calling the token and revocation endpoints (RFC 6749 §2.3, OAuth 2.1 §2.4):
 * a confidential client proves itself with its secret, in the Authorization header
 * (Basic, with both parts form-url-encoded first) or in the form; a public client
 * names itself with `client_id` and proves nothing, which PKCE makes up for.
 */
import { OAuthError } from "./oauth-error.js";
import { secretMatches } from "./secrets.js";
import type { ClientRecord } from "./store.js";

export type FormFields = Readonly<Record<string, string>>;

interface Presented {
  readonly clientId: string;
  readonly secret: string | undefined;
  readonly via: "basic" | "form";
}

function decodeBasicPart(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    throw new OAuthError("invalid_client", "the client credentials are not form-url-encoded", 401);
  }
}

/** The credentials as presented, before looking the client up. */
function presented(form: FormFields, authorization: string | undefined): Presented {
  if (authorization !== undefined && /^basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new OAuthError("invalid_client", "malformed Basic credentials", 401);
    const clientId = decodeBasicPart(decoded.slice(0, colon));
    if (form.client_id !== undefined && form.client_id !== clientId) throw new OAuthError("invalid_request", "client_id differs from the Basic credentials");
    if (form.client_secret !== undefined) throw new OAuthError("invalid_request", "use one way of authenticating the client, not two");
    return { clientId, secret: decodeBasicPart(decoded.slice(colon + 1)), via: "basic" };
  }
  const clientId = form.client_id;
  if (clientId === undefined || clientId === "") throw new OAuthError("invalid_client", "client authentication is required", 401);
  return { clientId, secret: form.client_secret, via: "form" };
}

/** The calling client, authenticated; `invalid_client` (401) otherwise, without saying which part was wrong. */
export async function authenticateClient(
  form: FormFields,
  authorization: string | undefined,
  lookUp: (clientId: string) => Promise<ClientRecord | undefined>,
): Promise<ClientRecord> {
  const credentials = presented(form, authorization);
  const client = await lookUp(credentials.clientId);
  const refused = new OAuthError("invalid_client", "client authentication failed", 401);
  if (client === undefined) throw refused;
  if (client.secretHash === undefined) {
    // A public client: a secret it does not have is a misconfigured or forged caller.
    if (credentials.secret !== undefined) throw refused;
    return client;
  }
  if (credentials.secret === undefined || !secretMatches(credentials.secret, client.secretHash)) throw refused;
  return client;
}

/**
 * Opaque access tokens, checked at the authorization server's introspection endpoint
 * (RFC 7662) with this server's client credentials. An active answer is cached by a
 * hash of the token (never the token itself) for a minute at most and never past the
 * token's `exp`, so a revoked token stops working within that minute. The answer must
 * name this server in `aud` (RFC 8707) and, when it names an issuer, the server asked.
 */
import type { Principal } from "../handlers/context.js";
import { DEFAULT_OAUTH2_INTROSPECTION_CACHE_MS, DEFAULT_OAUTH2_METADATA_TIMEOUT_MS } from "../config/defaults.js";
import { scopesOf } from "./scopes.js";

export interface IntrospectionClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What one introspection says: a principal until `until` (ms), or not active. */
export type Introspected = { readonly active: true; readonly principal: Principal; readonly until: number } | { readonly active: false };

const INACTIVE: Introspected = Object.freeze({ active: false });

/** RFC 6749 §2.3.1: client credentials are form-encoded before they are joined for Basic. */
function basic({ clientId, clientSecret }: IntrospectionClient): string {
  const encode = (value: string): string => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64")}`;
}

function audiences(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
}

/** Asks `endpoint` about `token`; rejects when the endpoint cannot answer (the caller logs it, the request gets 401). */
export async function introspect(
  endpoint: string,
  issuer: string,
  resource: string,
  client: IntrospectionClient,
  token: string,
  now: number,
): Promise<Introspected> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { authorization: basic(client), "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ token, token_type_hint: "access_token" }),
    redirect: "error",
    signal: AbortSignal.timeout(DEFAULT_OAUTH2_METADATA_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`introspection at ${endpoint} answered HTTP ${response.status}`);
  const answer = (await response.json()) as Record<string, unknown>;
  if (answer.active !== true) return INACTIVE;
  const exp = typeof answer.exp === "number" ? answer.exp * 1000 : undefined;
  if (exp !== undefined && exp <= now) return INACTIVE;
  if (!audiences(answer.aud).includes(resource)) return INACTIVE;
  if (answer.iss !== undefined && answer.iss !== issuer) return INACTIVE;
  // A client-credentials token names no user: the client is the caller.
  const subject = typeof answer.sub === "string" && answer.sub !== "" ? answer.sub : typeof answer.client_id === "string" ? answer.client_id : undefined;
  if (subject === undefined) return INACTIVE;
  const principal: Principal = Object.freeze({
    subject,
    scopes: Object.freeze(scopesOf(answer.scope)),
    scheme: "oauth2",
    issuer,
    claims: Object.freeze({ ...answer }),
  });
  return { active: true, principal, until: Math.min(exp ?? Number.POSITIVE_INFINITY, now + DEFAULT_OAUTH2_INTROSPECTION_CACHE_MS) };
}

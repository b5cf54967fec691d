/**
 * Reading a tenant id from one `tenants.source`: what the request names (a header, the
 * Host's subdomain) and what the caller's verified credentials carry (a JWT claim, the
 * API key record). Each reader answers a value, `undefined` (this source names no
 * tenant here) or `MALFORMED` (it names one in a way that cannot be trusted).
 */
import type { Principal } from "../handlers/context.js";
import type { TenantSource } from "../config/policies.js";

/** What a transport knows of a request, without any framework's types. */
export interface TenantRequest {
  /** Header names in lower case, as Node delivers them; a repeated header as an array. */
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The `Host` the server accepted (checked against `allowedHosts`), port included or not. */
  readonly host?: string | undefined;
  /** The authenticated caller, if any. */
  readonly principal?: Principal | undefined;
}

export const MALFORMED = Symbol("malformed tenant");

export type SourceReading = string | undefined | typeof MALFORMED;

function headerValue(request: TenantRequest, name: string): SourceReading {
  const value = request.headers?.[name];
  if (value === undefined) return undefined;
  // Two values for one tenant header: which one a proxy saw is anyone's guess.
  if (typeof value !== "string") return value.length === 1 ? value[0] : MALFORMED;
  return value.includes(",") ? MALFORMED : value.trim() || undefined;
}

/** `acme.api.example.com` under `api.example.com` → `acme`; one label only, lower case (host names are). */
function subdomainOf(host: string | undefined, baseDomain: string): SourceReading {
  if (host === undefined) return undefined;
  const end = host.startsWith("[") ? -1 : host.indexOf(":");
  const name = (end === -1 ? host : host.slice(0, end)).toLowerCase().replace(/\.$/, "");
  const suffix = `.${baseDomain.toLowerCase()}`;
  if (!name.endsWith(suffix)) return undefined;
  const label = name.slice(0, -suffix.length);
  return label === "" || label.includes(".") ? MALFORMED : label;
}

function stringClaim(principal: Principal | undefined, claim: string): SourceReading {
  if (principal === undefined || principal.scheme === "apiKey") return undefined;
  const value = principal.claims[claim];
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : MALFORMED;
}

/** The tenant of the API key record (or of the verified key itself) that authenticated the caller. */
function apiKeyTenant(principal: Principal | undefined): SourceReading {
  if (principal?.scheme !== "apiKey") return undefined;
  const tenant = principal.claims.tenant;
  return typeof tenant === "string" ? tenant : undefined;
}

export function readSource(source: TenantSource, request: TenantRequest): SourceReading {
  switch (source.type) {
    case "header":
      return headerValue(request, source.name.toLowerCase());
    case "subdomain":
      return subdomainOf(request.host, source.baseDomain);
    case "claim":
      return stringClaim(request.principal, source.name);
    case "apiKey":
      return apiKeyTenant(request.principal);
  }
}

/**
 * The tenant the caller's credentials belong to, whatever the request names: an API
 * key record's tenant, or the claim a `claim` source names. A caller bound to a tenant
 * is never served in another.
 */
export function credentialTenant(sources: readonly TenantSource[], principal: Principal | undefined): SourceReading {
  if (principal === undefined) return undefined;
  if (principal.scheme === "apiKey") return apiKeyTenant(principal);
  for (const source of sources) {
    if (source.type !== "claim") continue;
    const reading = stringClaim(principal, source.name);
    if (reading !== undefined) return reading;
  }
  return undefined;
}

/**
 * Reads a tenant out of a key such as `sk_acme_…` for the `apiKey` source's
 * `keySegment`; the authenticator calls it only for a key it has verified.
 */
export function keySegmentReader(sources: readonly TenantSource[]): ((key: string) => string | undefined) | undefined {
  const source = sources.find((candidate) => candidate.type === "apiKey" && candidate.keySegment !== undefined);
  const segment = source?.type === "apiKey" ? source.keySegment : undefined;
  if (segment === undefined) return undefined;
  // The segment must be followed by the rest of the key (`sk_acme_<secret>`): a key
  // without one (`sk_<secret>`) names no tenant, rather than a piece of its secret.
  return (key) => {
    const parts = key.split(segment.separator);
    return parts.length > segment.index + 1 ? parts[segment.index] || undefined : undefined;
  };
}

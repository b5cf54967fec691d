/**
 * Resolves the tenant of one request from the manifest's `tenants` section: the sources
 * in order (the first that names a tenant wins), checked against the tenant the
 * caller's credentials carry (a header or subdomain naming any other is refused,
 * wherever it stands in the order), validated, and given its policy from the
 * directory (or `tenants.defaults`). Framework-neutral: HTTP, WebSocket upgrades and local transports
 * hand it what they know.
 */
import type { Tenant } from "../handlers/context.js";
import type { TenancyPolicy, TenantPolicy, TenantSource } from "../config/policies.js";
import { manifestTenantDirectory, type TenantDirectory } from "./directory.js";
import { credentialTenant, MALFORMED, readSource, type SourceReading, type TenantRequest } from "./sources.js";
import { isTenantId } from "./tenant-id.js";

export type TenantRefusalCode = "invalid_request" | "forbidden";

export type TenantResolution =
  /** `tenant` undefined: the request names none and tenants are optional. */
  | { readonly ok: true; readonly tenant: Tenant | undefined }
  /** Refused; `message` is safe for the client (it never names another tenant). */
  | { readonly ok: false; readonly code: TenantRefusalCode; readonly message: string };

export interface TenantResolver {
  /** Synchronous unless the directory has to look the policy up. */
  resolve(request: TenantRequest): TenantResolution | Promise<TenantResolution>;
  /** The tenant of a caller the transport vouches for (stdio): `id` from the runtime config. */
  resolveId(id: string | undefined): TenantResolution | Promise<TenantResolution>;
  readonly directory: TenantDirectory;
  readonly required: boolean;
}

export interface TenantResolverOptions {
  /** Where policies come from; default the manifest's `tenants.policies`. */
  readonly directory?: TenantDirectory;
}

const NONE: TenantResolution = Object.freeze({ ok: true, tenant: undefined });

function refuse(code: TenantRefusalCode, message: string): TenantResolution {
  return { ok: false, code, message };
}

const MALFORMED_ID = refuse("invalid_request", "Bad Request: the tenant id is malformed (1-128 of A-Z, a-z, 0-9, _ . -)");
const NOT_YOURS = refuse("forbidden", "Forbidden: the request names a tenant these credentials do not belong to");

/** How a client that named no tenant can name one, for the refusal. */
function howToName(sources: readonly TenantSource[]): string {
  const ways = sources.map((source) => {
    switch (source.type) {
      case "header":
        return `the ${source.name} header`;
      case "subdomain":
        return `a subdomain of ${source.baseDomain}`;
      case "claim":
        return `a token with the ${source.name} claim`;
      case "apiKey":
        return "an API key that belongs to a tenant";
    }
  });
  return ways.join(" or ");
}

/**
 * The manifest schema's rule for `baseDomain`: dot-separated host labels, no trailing
 * dot. A looser check let `api.example.com.` through, which no Host ever matched.
 */
const BASE_DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function checkSources(tenancy: TenancyPolicy): readonly TenantSource[] {
  const sources: unknown = tenancy.sources;
  if (!Array.isArray(sources) || sources.length === 0) throw new TypeError("tenancy: at least one tenant source is required");
  for (const source of tenancy.sources) {
    if (source.type === "subdomain" && !BASE_DOMAIN.test(source.baseDomain))
      throw new TypeError("tenancy: a subdomain source needs a baseDomain such as api.example.com");
  }
  return tenancy.sources;
}

/**
 * Builds the resolver for a manifest's `tenants` section.
 *
 * @example
 * ```ts
 * import { createTenantResolver } from "@turbomcp/runtime/tenancy";
 * const tenants = createTenantResolver({ sources: [{ type: "header", name: "x-tenant-id" }], required: true, defaults: {}, tenants: {} });
 * const resolution = await tenants.resolve({ headers: { "x-tenant-id": "acme" } });
 * // resolution.ok === true, resolution.tenant?.id === "acme"
 * ```
 */
export function createTenantResolver(tenancy: TenancyPolicy, options: TenantResolverOptions = {}): TenantResolver {
  const sources = checkSources(tenancy);
  const directory = options.directory ?? manifestTenantDirectory(tenancy);
  const defaults = Object.freeze({ ...tenancy.defaults });
  const missing = refuse("invalid_request", `Bad Request: this server needs a tenant; name it with ${howToName(sources)}`);
  const credentialsOnly = sources.every((source) => source.type === "claim" || source.type === "apiKey");
  const unbound = refuse("forbidden", "Forbidden: these credentials belong to no tenant");

  const withPolicy = (id: string): TenantResolution | Promise<TenantResolution> => {
    const found = directory.policyOf(id);
    const tenantOf = (policy: TenantPolicy | undefined): TenantResolution => ({ ok: true, tenant: { id, policy: policy ?? defaults } });
    return found instanceof Promise ? found.then(tenantOf) : tenantOf(found);
  };

  const decide = (named: SourceReading, bound: SourceReading, authenticated: boolean): TenantResolution | Promise<TenantResolution> => {
    if (named === MALFORMED || bound === MALFORMED) return MALFORMED_ID;
    if (named !== undefined && bound !== undefined && named !== bound) return NOT_YOURS;
    const id = named ?? bound;
    if (id === undefined) return !tenancy.required ? NONE : credentialsOnly && authenticated ? unbound : missing;
    return isTenantId(id) ? withPolicy(id) : MALFORMED_ID;
  };

  return {
    directory,
    required: tenancy.required,
    resolve(request) {
      const bound = credentialTenant(sources, request.principal);
      let named: SourceReading;
      for (const source of sources) {
        const reading = readSource(source, request);
        if (reading === undefined) continue;
        named ??= reading;
        // Whatever the order, a request that names another tenant than its credentials'
        // is refused, not quietly served in theirs: it is a spoofing attempt or a bug.
        if (bound !== undefined && reading !== bound && (source.type === "header" || source.type === "subdomain"))
          return reading === MALFORMED ? MALFORMED_ID : NOT_YOURS;
      }
      return decide(named, bound, request.principal !== undefined);
    },
    resolveId: (id) => decide(id, undefined, false),
  };
}

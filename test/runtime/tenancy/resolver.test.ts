/**
 * The tenant resolver: every source type, ordered fallback between sources, the
 * binding of credentials to their tenant (never chosen against them), malformed ids,
 * required and optional tenancy, and where the policy comes from.
 */
import { describe, expect, it } from "vitest";
import { createAuthenticator, generateApiKey } from "@turbomcp/runtime/auth";
import { createTenantResolver, type TenantDirectory, type TenantRequest, type TenantResolution } from "@turbomcp/runtime/tenancy";
import { type Principal, type TenancyPolicy, type TenantPolicy, type TenantSource } from "@turbomcp/runtime";
import { keySegmentReader } from "../../../packages/runtime/src/tenancy/sources.js";

const HEADER: TenantSource = { type: "header", name: "X-Tenant-Id" };
const CLAIM: TenantSource = { type: "claim", name: "tenant_id" };
const SUBDOMAIN: TenantSource = { type: "subdomain", baseDomain: "api.example.com" };
const API_KEY: TenantSource = { type: "apiKey" };

function tenancy(sources: readonly TenantSource[], fields: Partial<TenancyPolicy> = {}): TenancyPolicy {
  return { sources, required: true, defaults: {}, tenants: {}, ...fields };
}

function jwt(claims: Record<string, unknown> = {}, subject = "alice"): Principal {
  return { subject, scopes: [], scheme: "jwt", issuer: "https://id.example.com", claims: { sub: subject, ...claims } };
}

function apiKeyHolder(tenant?: string): Principal {
  return { subject: "alice", scopes: [], scheme: "apiKey", issuer: "x-api-key", claims: tenant === undefined ? {} : { tenant } };
}

async function resolve(policy: TenancyPolicy, request: TenantRequest): Promise<TenantResolution> {
  return createTenantResolver(policy).resolve(request);
}

async function tenantOf(policy: TenancyPolicy, request: TenantRequest): Promise<string | undefined> {
  const resolution = await resolve(policy, request);
  if (!resolution.ok) throw new Error(`refused: ${resolution.code} ${resolution.message}`);
  return resolution.tenant?.id;
}

describe("sources", () => {
  it("reads a header, whatever the case of its configured name", async () => {
    expect(await tenantOf(tenancy([HEADER]), { headers: { "x-tenant-id": "acme" } })).toBe("acme");
    expect(await tenantOf(tenancy([HEADER]), { headers: { "x-tenant-id": ["acme"] } })).toBe("acme");
  });

  it("reads a claim of a verified token", async () => {
    expect(await tenantOf(tenancy([CLAIM]), { principal: jwt({ tenant_id: "acme" }) })).toBe("acme");
  });

  it.each([
    ["a plain host", "acme.api.example.com"],
    ["a host with a port", "acme.api.example.com:8443"],
    ["a fully qualified host (trailing dot)", "acme.api.example.com."],
    ["a trailing dot and a port", "acme.api.example.com.:8443"],
    ["an upper-case host", "ACME.API.Example.COM"],
  ])("reads the subdomain of %s", async (_name, host) => {
    expect(await tenantOf(tenancy([SUBDOMAIN]), { host })).toBe("acme");
  });

  it("compares an upper-case baseDomain without regard to case", async () => {
    expect(await tenantOf(tenancy([{ type: "subdomain", baseDomain: "API.Example.com" }]), { host: "acme.api.example.com" })).toBe("acme");
  });

  it.each([
    ["the base domain itself", "api.example.com"],
    ["another domain", "acme.example.org"],
    ["a domain that only ends like the base", "acme.evilapi.example.com"],
    ["an IPv6 literal", "[::1]:3000"],
  ])("finds no tenant in %s", async (_name, host) => {
    expect(await tenantOf(tenancy([SUBDOMAIN], { required: false }), { host })).toBeUndefined();
  });

  it("refuses two labels under the base domain as malformed", async () => {
    expect(await resolve(tenancy([SUBDOMAIN]), { host: "a.b.api.example.com" })).toMatchObject({ ok: false, code: "invalid_request" });
  });

  it("reads the tenant of the API key record that authenticated the caller", async () => {
    expect(await tenantOf(tenancy([API_KEY]), { principal: apiKeyHolder("acme") })).toBe("acme");
  });

  it("reads the tenant out of a verified key's segment (createAuthenticator's tenantOfApiKey)", async () => {
    const sources: TenantSource[] = [{ type: "apiKey", keySegment: { separator: "_", index: 1 } }];
    // The random part may hold "_" too: only the segment at `index` counts.
    const { key, hash } = generateApiKey("sk_acme_");
    const recorded = generateApiKey("sk_acme_");
    const tenantOfApiKey = keySegmentReader(sources);
    expect(tenantOfApiKey).toBeDefined();
    const authenticator = createAuthenticator(
      { schemes: [{ type: "apiKey", header: "x-api-key", prefix: "sk_", keysEnv: "KEYS" }], required: true, hideUnauthorized: false },
      {
        env: {
          KEYS: JSON.stringify([
            { id: "ci-bot", hash },
            { id: "moved", hash: recorded.hash, tenant: "globex" },
          ]),
        },
        ...(tenantOfApiKey !== undefined && { tenantOfApiKey }),
      },
    );
    const principalOf = async (apiKey: string) => {
      const result = await authenticator.authenticate({ headers: { "x-api-key": apiKey } });
      if (!result.ok || result.principal === undefined) throw new Error("the key did not authenticate");
      return result.principal;
    };
    expect(await tenantOf(tenancy(sources), { principal: await principalOf(key) })).toBe("acme");
    // The record's own tenant wins over what the key's text says.
    expect(await tenantOf(tenancy(sources), { principal: await principalOf(recorded.key) })).toBe("globex");
    // A key that does not verify names no tenant at all: it never gets as far as a principal.
    const forged = await authenticator.authenticate({ headers: { "x-api-key": "sk_globex_forged" } });
    expect(forged.ok).toBe(false);
  });

  it("tries the sources in order: the first that names a tenant wins, later ones are the fallback", async () => {
    const ordered = tenancy([HEADER, SUBDOMAIN]);
    expect(await tenantOf(ordered, { headers: { "x-tenant-id": "acme" }, host: "globex.api.example.com" })).toBe("acme");
    expect(await tenantOf(ordered, { headers: {}, host: "globex.api.example.com" })).toBe("globex");
    expect(await tenantOf(ordered, { headers: { "x-tenant-id": "  " }, host: "globex.api.example.com" })).toBe("globex");
  });
});

describe("credentials bound to a tenant", () => {
  const ALPHA = "tenant-alpha";
  const BETA = "tenant-beta";

  it.each([
    ["an API key record's tenant (whatever the sources)", tenancy([HEADER]), apiKeyHolder(ALPHA)],
    ["a claim the sources name", tenancy([HEADER, CLAIM]), jwt({ tenant_id: ALPHA })],
  ])("refuse another tenant named by header, bound by %s, without naming either tenant", async (_name, policy, principal) => {
    const refused = await resolve(policy, { headers: { "x-tenant-id": BETA }, principal });
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    if (refused.ok) return;
    expect(refused.message).not.toContain(ALPHA);
    expect(refused.message).not.toContain(BETA);
    expect(refused.message).not.toMatch(/alpha|beta/i);
  });

  it("serve the bound tenant when the request names it, or names none", async () => {
    expect(await tenantOf(tenancy([HEADER]), { headers: { "x-tenant-id": ALPHA }, principal: apiKeyHolder(ALPHA) })).toBe(ALPHA);
    expect(await tenantOf(tenancy([HEADER]), { headers: {}, principal: apiKeyHolder(ALPHA) })).toBe(ALPHA);
  });

  it("does not bind a token by a claim no source names: a gateway's header decides", async () => {
    expect(await tenantOf(tenancy([HEADER]), { headers: { "x-tenant-id": BETA }, principal: jwt({ tenant_id: ALPHA }) })).toBe(BETA);
  });

  it("refuses an authenticated caller that belongs to no tenant when only credentials can name one", async () => {
    for (const sources of [[CLAIM], [API_KEY], [CLAIM, API_KEY]]) {
      expect(await resolve(tenancy(sources), { principal: jwt() })).toMatchObject({
        ok: false,
        code: "forbidden",
        message: "Forbidden: these credentials belong to no tenant",
      });
      expect(await resolve(tenancy(sources), { principal: apiKeyHolder() })).toMatchObject({ ok: false, code: "forbidden" });
      // Nobody authenticated: the request lacks a tenant, it is not refused for who it is.
      expect(await resolve(tenancy(sources), {})).toMatchObject({ ok: false, code: "invalid_request" });
    }
    // A header could still name one: the request is missing it (400), not forbidden.
    expect(await resolve(tenancy([CLAIM, HEADER]), { principal: jwt() })).toMatchObject({ ok: false, code: "invalid_request" });
  });
});

describe("malformed tenant ids", () => {
  it.each([
    ["too long (129 characters)", { "x-tenant-id": "a".repeat(129) }],
    ["a slash", { "x-tenant-id": "acme/eu" }],
    ["a space", { "x-tenant-id": "acme eu" }],
    ["a pipe", { "x-tenant-id": "acme|eu" }],
    ["a colon", { "x-tenant-id": "acme:eu" }],
    ["non-ASCII", { "x-tenant-id": "acmé" }],
    ["a repeated header", { "x-tenant-id": ["acme", "globex"] }],
    ["comma-joined values", { "x-tenant-id": "acme, globex" }],
  ])("refuses %s with invalid_request, without quoting it", async (_name, headers) => {
    const refused = await resolve(tenancy([HEADER]), { headers });
    expect(refused).toMatchObject({ ok: false, code: "invalid_request" });
    if (!refused.ok) expect(refused.message).not.toMatch(/acme|globex/);
  });

  it("refuses a claim that is not a string, and a key record whose tenant is no tenant id", async () => {
    expect(await resolve(tenancy([CLAIM]), { principal: jwt({ tenant_id: 42 }) })).toMatchObject({ ok: false, code: "invalid_request" });
    expect(await resolve(tenancy([API_KEY]), { principal: apiKeyHolder("acme eu") })).toMatchObject({ ok: false, code: "invalid_request" });
  });

  it("accepts 128 characters of the alphabet", async () => {
    const id = `${"Az09_.-".repeat(18)}xx`;
    expect(id).toHaveLength(128);
    expect(await tenantOf(tenancy([HEADER]), { headers: { "x-tenant-id": id } })).toBe(id);
  });
});

describe("required and optional", () => {
  it("refuses a request without a tenant when required, saying how to name one", async () => {
    const refused = await resolve(tenancy([HEADER, SUBDOMAIN, CLAIM, API_KEY]), { headers: {} });
    expect(refused).toEqual({
      ok: false,
      code: "invalid_request",
      message:
        "Bad Request: this server needs a tenant; name it with the X-Tenant-Id header or a subdomain of api.example.com or a token with the tenant_id claim or an API key that belongs to a tenant",
    });
  });

  it("serves a request without a tenant when optional, but still refuses a malformed one", async () => {
    const optional = tenancy([HEADER], { required: false });
    expect(await resolve(optional, { headers: {} })).toEqual({ ok: true, tenant: undefined });
    expect(await resolve(optional, { headers: { "x-tenant-id": "a/b" } })).toMatchObject({ ok: false, code: "invalid_request" });
  });

  it("resolves the tenant a local transport vouches for (resolveId)", async () => {
    const resolver = createTenantResolver(tenancy([HEADER]));
    expect(await resolver.resolveId("acme")).toMatchObject({ ok: true, tenant: { id: "acme" } });
    expect(await resolver.resolveId(undefined)).toMatchObject({ ok: false, code: "invalid_request" });
    expect(await resolver.resolveId("acme eu")).toMatchObject({ ok: false, code: "invalid_request" });
  });

  it("refuses configurations it cannot honour at creation", () => {
    expect(() => createTenantResolver(tenancy([]))).toThrow(TypeError);
    expect(() => createTenantResolver(tenancy([{ type: "subdomain", baseDomain: "" }]))).toThrow(/baseDomain/);
    // What the manifest schema refuses; a trailing dot in particular would never match a Host (regression).
    for (const baseDomain of ["api.example.com/x", "api.example.com.", ".example.com", "api..example.com", "-api.example.com", "api.example.com:443"]) {
      expect(() => createTenantResolver(tenancy([{ type: "subdomain", baseDomain }])), baseDomain).toThrow(/baseDomain/);
    }
  });
});

describe("policies", () => {
  const own: TenantPolicy = { deniedTools: ["drop_table"] };
  const defaults: TenantPolicy = { maxConcurrentRequests: 3 };

  it("gives a tenant its own policy from the manifest, any other the defaults", async () => {
    const resolver = createTenantResolver(tenancy([HEADER], { defaults, tenants: { acme: own } }));
    const acme = await resolver.resolve({ headers: { "x-tenant-id": "acme" } });
    const other = await resolver.resolve({ headers: { "x-tenant-id": "globex" } });
    expect(acme).toMatchObject({ ok: true, tenant: { id: "acme", policy: own } });
    expect(other).toMatchObject({ ok: true, tenant: { id: "globex", policy: defaults } });
    // The same object each time, so compiled rules and list caches keyed on it are found.
    const again = await resolver.resolve({ headers: { "x-tenant-id": "acme" } });
    expect(acme.ok && again.ok && acme.tenant?.policy === again.tenant?.policy).toBe(true);
  });

  it("asks the directory it is given, synchronously or not, before the manifest's policies", async () => {
    const fromDirectory: TenantPolicy = { allowedTools: ["search"] };
    const directory: TenantDirectory = {
      policyOf: (id) => (id === "acme" ? Promise.resolve(fromDirectory) : id === "sync" ? fromDirectory : Promise.resolve(undefined)),
      ready: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const resolver = createTenantResolver(tenancy([HEADER], { defaults, tenants: { acme: own } }), { directory });
    expect(resolver.directory).toBe(directory);
    const pending = resolver.resolve({ headers: { "x-tenant-id": "acme" } });
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toMatchObject({ ok: true, tenant: { id: "acme", policy: fromDirectory } });
    const sync = resolver.resolve({ headers: { "x-tenant-id": "sync" } });
    expect(sync).not.toBeInstanceOf(Promise);
    expect(sync).toMatchObject({ ok: true, tenant: { policy: fromDirectory } });
    expect(await resolver.resolve({ headers: { "x-tenant-id": "unknown" } })).toMatchObject({ ok: true, tenant: { policy: defaults } });
  });
});

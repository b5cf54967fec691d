/** The shared store suite against a real redis-server, plus what only Redis has: key layout, TTLs, foreign values, the script cache. */
import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { DEFAULT_OAUTH_CONSENT_TTL_MS } from "../../../packages/runtime/src/config/defaults.js";
import { RedisAuthorizationStore } from "../../../packages/runtime/src/entries/redis.js";
import { prefixedStores, useRedisServer } from "../../helpers/redis-stores.js";
import { authorizationStoreSuite } from "./store-suite.js";

const redis = useRedisServer();
const client = (): Redis => redis.client();

authorizationStoreSuite(
  "RedisAuthorizationStore",
  prefixedStores(redis, (connection, keyPrefix) => new RedisAuthorizationStore({ client: connection, keyPrefix })),
);

describe("RedisAuthorizationStore on Redis", () => {
  const SUBJECT = { subject: "user-1", claims: {} };
  const CODE = { clientId: "c", redirectUri: "http://127.0.0.1/cb", codeChallenge: "x", resource: "r", scopes: ["read"], subject: SUBJECT };
  const REFRESH = { grantId: "grant-1", clientId: "c", resource: "r", scopes: [], subject: SUBJECT };
  const CLIENT = { clientId: "c", authMethod: "none", redirectUris: [], grantTypes: ["authorization_code"], issuedAt: 1, metadata: {} } as const;
  const PENDING = { clientId: "c", redirectUri: "http://127.0.0.1/cb", codeChallenge: "x", resource: "r", scopes: [], csrf: "t" };

  it("writes one JSON string per record under a segment of its kind, each with the TTL of its expiry", async () => {
    const raw = client();
    const store = new RedisAuthorizationStore({ client: raw, keyPrefix: "layout:" });
    const expiresAt = Date.now() + 60_000;
    await store.putClient(CLIENT);
    await store.putCode("k", { ...CODE, expiresAt });
    await store.putRefresh("k", { ...REFRESH, expiresAt });
    await store.putPending("k", { ...PENDING, expiresAt });
    await store.revokeGrant("grant-2", expiresAt);
    await store.putConsent("a:b", "c", { scopes: ["read"], resource: "r" });

    expect((await raw.keys("layout:*")).sort()).toEqual(
      ["layout:client:c", "layout:code:k", 'layout:consent:["a:b","c"]', "layout:pending:k", "layout:refresh:k", "layout:revoked:grant-2"].sort(),
    );
    expect(JSON.parse((await raw.get("layout:client:c"))!)).toEqual(CLIENT);
    expect(JSON.parse((await raw.get("layout:code:k"))!)).toEqual({ record: { ...CODE, expiresAt } });
    expect(JSON.parse((await raw.get("layout:revoked:grant-2"))!)).toEqual({ until: expiresAt });
    expect(await raw.pttl("layout:client:c")).toBe(-1);
    for (const key of ["code:k", "refresh:k", "pending:k", "revoked:grant-2"]) {
      const left = await raw.pttl(`layout:${key}`);
      expect(left, key).toBeGreaterThan(55_000);
      expect(left, key).toBeLessThanOrEqual(60_000);
    }
    const consentLeft = await raw.pttl('layout:consent:["a:b","c"]');
    expect(consentLeft).toBeGreaterThan(DEFAULT_OAUTH_CONSENT_TTL_MS - 5_000);
    expect(consentLeft).toBeLessThanOrEqual(DEFAULT_OAUTH_CONSENT_TTL_MS);
  });

  it("marks a redeemed code with its grant and keeps it, TTL unchanged, so a replay is reported until the code's expiry", async () => {
    const raw = client();
    const store = new RedisAuthorizationStore({ client: raw, keyPrefix: "mark:" });
    const expiresAt = Date.now() + 60_000;
    const stored = JSON.stringify({
      record: { ...CODE, expiresAt, subject: { subject: "a/b\u00e9", claims: { n: 1234567890123456, x: 0.30000000000000004, e: [] } } },
    });
    await raw.set("mark:code:k", stored, "PX", 60_000);
    const before = await raw.pttl("mark:code:k");
    expect((await store.redeemCode("k", 'grant/"1"', Date.now()))?.kind).toBe("fresh");
    const after = await raw.get("mark:code:k");
    expect(JSON.parse(after!)).toEqual({ used: 'grant/"1"', ...JSON.parse(stored) });
    // The record is kept as it was written, byte for byte, behind the mark.
    expect(after!.endsWith(stored.slice(1))).toBe(true);
    const left = await raw.pttl("mark:code:k");
    expect(left).toBeGreaterThan(before - 5_000);
    expect(left).toBeLessThanOrEqual(before);
    expect(await store.redeemCode("k", "grant-2", Date.now())).toEqual({ kind: "replayed", grantId: 'grant/"1"' });
  });

  it("uses the default prefix turbomcp:oauth:", async () => {
    const raw = client();
    const store = new RedisAuthorizationStore({ client: raw });
    await store.putClient({ ...CLIENT, clientId: "default-prefix" });
    expect(await raw.exists("turbomcp:oauth:client:default-prefix")).toBe(1);
    await raw.del("turbomcp:oauth:client:default-prefix");
  });

  it("reads a value under its prefix that is not a record of its kind as absent", async () => {
    const raw = client();
    const store = new RedisAuthorizationStore({ client: raw, keyPrefix: "foreign:" });
    const later = Date.now() + 60_000;
    await raw.set("foreign:client:x", "not json");
    await raw.set("foreign:client:y", JSON.stringify({ ...CLIENT, clientId: "y", authMethod: "private_key_jwt" }));
    await raw.set("foreign:code:x", "not json");
    await raw.set("foreign:code:y", JSON.stringify({ record: { expiresAt: later } }));
    await raw.set("foreign:code:z", JSON.stringify({ ...CODE, expiresAt: later }));
    await raw.set("foreign:refresh:x", "[1,2]");
    await raw.set("foreign:refresh:y", JSON.stringify({ record: { ...REFRESH, scopes: "read", expiresAt: later } }));
    await raw.set("foreign:revoked:grant-1", JSON.stringify({ until: "forever" }));
    await raw.set("foreign:pending:x", JSON.stringify({ ...PENDING, expiresAt: String(later) }));
    await raw.set('foreign:consent:["u","c"]', JSON.stringify({ scopes: [1], resource: "r" }));

    expect(await store.getClient("x")).toBeUndefined();
    expect(await store.getClient("y")).toBeUndefined();
    for (const key of ["x", "y", "z"]) expect(await store.redeemCode(key, "grant-1", Date.now()), key).toBeUndefined();
    for (const key of ["x", "y"]) {
      expect(await store.peekRefresh(key, Date.now()), key).toBeUndefined();
      expect(await store.rotateRefresh(key, Date.now()), key).toBeUndefined();
    }
    expect(await store.isGrantRevoked("grant-1", Date.now())).toBe(false);
    expect(await store.getPending("x", Date.now())).toBeUndefined();
    expect(await store.takePending("x", Date.now())).toBeUndefined();
    expect(await store.getConsent("u", "c")).toBeUndefined();
  });

  it("loads its script again after the server forgot it (SCRIPT FLUSH, a restart)", async () => {
    const raw = client();
    const store = new RedisAuthorizationStore({ client: raw, keyPrefix: "flush:" });
    await store.putCode("a", { ...CODE, expiresAt: Date.now() + 60_000 });
    await store.putCode("b", { ...CODE, expiresAt: Date.now() + 60_000 });
    expect((await store.redeemCode("a", "grant-1", Date.now()))?.kind).toBe("fresh");
    await raw.script("FLUSH");
    expect((await store.redeemCode("b", "grant-2", Date.now()))?.kind).toBe("fresh");
  });

  it("refuses a client that is not an ioredis client, and a consent TTL that is not a positive integer", () => {
    expect(() => new RedisAuthorizationStore({ client: {} as Redis })).toThrow(/ioredis client/);
    const raw = client();
    for (const consentTtlMs of [0, -1, 1.5, Number.POSITIVE_INFINITY]) {
      expect(() => new RedisAuthorizationStore({ client: raw, consentTtlMs })).toThrow(/consentTtlMs/);
    }
  });
});

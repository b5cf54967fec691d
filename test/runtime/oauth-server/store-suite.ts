/**
 * One suite for every `AuthorizationStore` (memory and Redis): the contract the
 * authorization server relies on. `open()` gives a fresh, empty store; `peer(store)` a
 * second view of the same data, as another instance behind the load balancer has (for
 * Redis, over a connection of its own).
 *
 * Expiry is tested two ways: by the `now` the caller passes (a record at its
 * `expiresAt` has lapsed), and by real time with expiries some tens of ms ahead, so
 * the Redis TTLs are exercised too.
 */
import { describe, expect, it } from "vitest";
import type { AuthorizationStore, ClientRecord, CodeRecord, PendingAuthorization, RefreshRecord } from "../../../packages/runtime/src/oauth-server/store.js";

export interface AuthorizationStoreFixture {
  open(): Promise<AuthorizationStore>;
  peer(store: AuthorizationStore): Promise<AuthorizationStore>;
}

const LONG = 60_000;
/** A short expiry, and a wait that outlasts it. */
const SHORT = 60;
const PAST_SHORT = 90;

const SUBJECT = { subject: "user-1", claims: { email: "a@example.test", groups: ["dev"], nested: { empty: [] } }, allowedScopes: ["read", "write"] };

function client(clientId: string, extra: Partial<ClientRecord> = {}): ClientRecord {
  return {
    clientId,
    authMethod: "none",
    redirectUris: ["http://127.0.0.1:3000/callback"],
    grantTypes: ["authorization_code", "refresh_token"],
    issuedAt: 1_700_000_000,
    metadata: { client_name: "Test", redirect_uris: ["http://127.0.0.1:3000/callback"] },
    ...extra,
  };
}

/** What `/authorize` was asked: carried by a pending sign-in and then by its code. */
const REQUEST = {
  clientId: "client-1",
  redirectUri: "http://127.0.0.1:3000/callback",
  codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  resource: "http://127.0.0.1:8080/mcp",
  scopes: ["read"],
};

function code(expiresAt: number, extra: Partial<CodeRecord> = {}): CodeRecord {
  return { ...REQUEST, subject: SUBJECT, expiresAt, ...extra };
}

function refresh(grantId: string, expiresAt: number, extra: Partial<RefreshRecord> = {}): RefreshRecord {
  return { grantId, clientId: REQUEST.clientId, resource: REQUEST.resource, scopes: [], subject: SUBJECT, expiresAt, ...extra };
}

function pending(expiresAt: number, extra: Partial<PendingAuthorization> = {}): PendingAuthorization {
  return { ...REQUEST, csrf: "csrf-token", expiresAt, ...extra };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Puts two entries that lapse shortly and expects every read to find neither: the one
 * asked at its expiry by the clock passed in, the other once the time has really passed.
 */
async function lapses(
  put: (key: string, expiresAt: number) => Promise<void>,
  ...reads: readonly ((key: string, now: number) => Promise<unknown>)[]
): Promise<void> {
  const expiresAt = Date.now() + SHORT;
  await put("by-clock", expiresAt);
  await put("in-time", expiresAt);
  for (const read of reads) expect(await read("by-clock", expiresAt)).toBeUndefined();
  await sleep(PAST_SHORT);
  for (const read of reads) expect(await read("in-time", Date.now())).toBeUndefined();
}

/**
 * `count` views of one store: the store itself and peers, as many instances racing.
 * Each has answered one read already, so its connection is up and the race is not
 * serialised by connections becoming ready one after another.
 */
async function instances(fixture: AuthorizationStoreFixture, store: AuthorizationStore, count: number): Promise<AuthorizationStore[]> {
  const views = [store, ...(await Promise.all(Array.from({ length: count - 1 }, () => fixture.peer(store))))];
  await Promise.all(views.map((view) => view.getClient("warm-up")));
  return views;
}

export function authorizationStoreSuite(name: string, fixture: AuthorizationStoreFixture): void {
  describe(`AuthorizationStore contract: ${name}`, () => {
    describe("clients", () => {
      it("returns a client as it was put, optional fields included or left out, and a second put replaces it", async () => {
        const store = await fixture.open();
        const bare = client("bare");
        const full = client("full", {
          secretHash: "a".repeat(64),
          authMethod: "client_secret_basic",
          grantTypes: ["client_credentials"],
          scopes: ["read", "write"],
          name: "Full",
          uri: "https://client.example.test",
          registrationTokenHash: "b".repeat(64),
        });
        await store.putClient(bare);
        await store.putClient(full);
        expect(await store.getClient("bare")).toEqual(bare);
        expect(await store.getClient("bare")).not.toHaveProperty("secretHash");
        expect(await store.getClient("full")).toEqual(full);
        await store.putClient(client("bare", { redirectUris: [] }));
        expect((await store.getClient("bare"))?.redirectUris).toEqual([]);
        expect(await store.getClient("missing")).toBeUndefined();
      });
    });

    describe("authorization codes", () => {
      it("redeems a code once; later redemptions are replays naming the first grant", async () => {
        const store = await fixture.open();
        const issued = code(Date.now() + LONG);
        await store.putCode("code-1", issued);
        expect(await store.redeemCode("code-1", "grant-1", Date.now())).toEqual({ kind: "fresh", code: issued });
        expect(await store.redeemCode("code-1", "grant-2", Date.now())).toEqual({ kind: "replayed", grantId: "grant-1" });
        expect(await store.redeemCode("code-1", "grant-3", Date.now())).toEqual({ kind: "replayed", grantId: "grant-1" });
      });

      it("knows no code that was never put", async () => {
        const store = await fixture.open();
        expect(await store.redeemCode("missing", "grant-1", Date.now())).toBeUndefined();
      });

      it("refuses a code at its expiry by the clock passed in", async () => {
        const store = await fixture.open();
        const expiresAt = Date.now() + LONG;
        await store.putCode("unused", code(expiresAt));
        await store.putCode("redeemed", code(expiresAt));
        expect((await store.redeemCode("redeemed", "grant-1", expiresAt - 1))?.kind).toBe("fresh");
        expect(await store.redeemCode("unused", "grant-2", expiresAt)).toBeUndefined();
        expect(await store.redeemCode("redeemed", "grant-2", expiresAt)).toBeUndefined();
      });

      it("forgets a code, and its redemption, once it has lapsed in real time", async () => {
        const store = await fixture.open();
        await store.putCode("unused", code(Date.now() + SHORT));
        await store.putCode("redeemed", code(Date.now() + SHORT));
        expect((await store.redeemCode("redeemed", "grant-1", Date.now()))?.kind).toBe("fresh");
        await sleep(PAST_SHORT);
        expect(await store.redeemCode("unused", "grant-2", Date.now())).toBeUndefined();
        expect(await store.redeemCode("redeemed", "grant-2", Date.now())).toBeUndefined();
      });

      it("lets exactly one of 20 concurrent redemptions of one code win, across instances", async () => {
        const store = await fixture.open();
        await store.putCode("raced", code(Date.now() + LONG));
        const views = await instances(fixture, store, 20);
        const results = await Promise.all(views.map((view, index) => view.redeemCode("raced", `grant-${index}`, Date.now())));
        const fresh = results.flatMap((result, index) => (result?.kind === "fresh" ? [index] : []));
        expect(fresh).toHaveLength(1);
        const winner = `grant-${fresh[0]}`;
        expect(results.filter((result) => result?.kind === "replayed")).toEqual(Array.from({ length: 19 }, () => ({ kind: "replayed", grantId: winner })));
      });
    });

    describe("refresh tokens", () => {
      it("rotates a refresh token once; a second use is a replay naming its grant", async () => {
        const store = await fixture.open();
        const token = refresh("grant-1", Date.now() + LONG);
        await store.putRefresh("token-1", token);
        expect(await store.rotateRefresh("token-1", Date.now())).toEqual({ kind: "fresh", refresh: token });
        expect(await store.rotateRefresh("token-1", Date.now())).toEqual({ kind: "replayed", grantId: "grant-1" });
        expect(await store.rotateRefresh("missing", Date.now())).toBeUndefined();
      });

      it("refuses a refresh token at its expiry by the clock passed in, and after it in real time", async () => {
        const store = await fixture.open();
        await lapses(
          (key, expiresAt) => store.putRefresh(key, refresh("grant-1", expiresAt)),
          (key, now) => store.peekRefresh(key, now),
          (key, now) => store.rotateRefresh(key, now),
        );
      });

      it("peeks at a refresh token without using it, before and after its rotation", async () => {
        const store = await fixture.open();
        const token = refresh("grant-1", Date.now() + LONG, { scopes: ["read"] });
        await store.putRefresh("token-1", token);
        expect(await store.peekRefresh("token-1", Date.now())).toEqual(token);
        expect(await store.peekRefresh("token-1", Date.now())).toEqual(token);
        expect(await store.rotateRefresh("token-1", Date.now())).toEqual({ kind: "fresh", refresh: token });
        // Revocation (RFC 7009) still learns whose token a rotated one was.
        expect(await store.peekRefresh("token-1", Date.now())).toEqual(token);
        expect(await store.peekRefresh("missing", Date.now())).toBeUndefined();
      });

      it("lets exactly one of 20 concurrent rotations of one token win, across instances", async () => {
        const store = await fixture.open();
        await store.putRefresh("raced", refresh("grant-1", Date.now() + LONG));
        const views = await instances(fixture, store, 20);
        const results = await Promise.all(views.map((view) => view.rotateRefresh("raced", Date.now())));
        expect(results.filter((result) => result?.kind === "fresh")).toHaveLength(1);
        expect(results.filter((result) => result?.kind === "replayed" && result.grantId === "grant-1")).toHaveLength(19);
      });
    });

    describe("revoked grants", () => {
      it("makes a revoked grant's refresh tokens unusable, used or not, and reports it revoked until `until`", async () => {
        const store = await fixture.open();
        await store.putRefresh("unused", refresh("grant-1", Date.now() + LONG));
        await store.putRefresh("used", refresh("grant-1", Date.now() + LONG));
        await store.putRefresh("other", refresh("grant-2", Date.now() + LONG));
        expect((await store.rotateRefresh("used", Date.now()))?.kind).toBe("fresh");
        const until = Date.now() + LONG;
        await store.revokeGrant("grant-1", until);

        expect(await store.isGrantRevoked("grant-1", Date.now())).toBe(true);
        expect(await store.isGrantRevoked("grant-2", Date.now())).toBe(false);
        expect(await store.rotateRefresh("unused", Date.now())).toBeUndefined();
        expect(await store.rotateRefresh("used", Date.now())).toBeUndefined();
        expect((await store.rotateRefresh("other", Date.now()))?.kind).toBe("fresh");
        // Revocation looks a token's grant up, so peeking still works.
        expect((await store.peekRefresh("unused", Date.now()))?.grantId).toBe("grant-1");
        expect(await store.isGrantRevoked("grant-1", until - 1)).toBe(true);
        expect(await store.isGrantRevoked("grant-1", until)).toBe(false);
      });

      it("forgets a revocation once `until` has passed in real time", async () => {
        const store = await fixture.open();
        await store.revokeGrant("grant-1", Date.now() + SHORT);
        expect(await store.isGrantRevoked("grant-1", Date.now())).toBe(true);
        await sleep(PAST_SHORT);
        expect(await store.isGrantRevoked("grant-1", Date.now())).toBe(false);
      });

      it("knows no revocation of a grant never revoked", async () => {
        const store = await fixture.open();
        expect(await store.isGrantRevoked("grant-1", Date.now())).toBe(false);
      });
    });

    describe("pending sign-ins", () => {
      it("gets a pending sign-in as often as asked, optional fields included or left out, and takes it once", async () => {
        const store = await fixture.open();
        const bare = pending(Date.now() + LONG);
        const full = pending(Date.now() + LONG, { state: "xyz", subject: SUBJECT });
        await store.putPending("bare", bare);
        await store.putPending("full", full);
        expect(await store.getPending("bare", Date.now())).toEqual(bare);
        expect(await store.getPending("bare", Date.now())).not.toHaveProperty("state");
        expect(await store.getPending("full", Date.now())).toEqual(full);
        expect(await store.getPending("full", Date.now())).toEqual(full);
        expect(await store.takePending("full", Date.now())).toEqual(full);
        expect(await store.takePending("full", Date.now())).toBeUndefined();
        expect(await store.getPending("full", Date.now())).toBeUndefined();
        expect(await store.getPending("bare", Date.now())).toEqual(bare);
        expect(await store.takePending("missing", Date.now())).toBeUndefined();
      });

      it("replaces a pending sign-in on a second put (the user has signed in)", async () => {
        const store = await fixture.open();
        await store.putPending("p", pending(Date.now() + LONG));
        const signedIn = pending(Date.now() + LONG, { subject: SUBJECT });
        await store.putPending("p", signedIn);
        expect(await store.getPending("p", Date.now())).toEqual(signedIn);
      });

      it("refuses a pending sign-in at its expiry by the clock passed in, and after it in real time", async () => {
        const store = await fixture.open();
        await lapses(
          (key, expiresAt) => store.putPending(key, pending(expiresAt)),
          (key, now) => store.getPending(key, now),
          (key, now) => store.takePending(key, now),
        );
      });

      it("hands a pending sign-in to exactly one of 20 concurrent takers, across instances", async () => {
        const store = await fixture.open();
        await store.putPending("raced", pending(Date.now() + LONG));
        const views = await instances(fixture, store, 20);
        const results = await Promise.all(views.map((view) => view.takePending("raced", Date.now())));
        expect(results.filter((result) => result !== undefined)).toHaveLength(1);
      });
    });

    describe("consents", () => {
      it("returns a consent as it was put, and a second put replaces it", async () => {
        const store = await fixture.open();
        expect(await store.getConsent("user-1", "client-1")).toBeUndefined();
        await store.putConsent("user-1", "client-1", { scopes: ["read"], resource: "http://127.0.0.1:8080/mcp" });
        expect(await store.getConsent("user-1", "client-1")).toEqual({ scopes: ["read"], resource: "http://127.0.0.1:8080/mcp" });
        await store.putConsent("user-1", "client-1", { scopes: [], resource: "http://127.0.0.1:8080/mcp" });
        expect(await store.getConsent("user-1", "client-1")).toEqual({ scopes: [], resource: "http://127.0.0.1:8080/mcp" });
        expect(await store.getConsent("user-1", "client-2")).toBeUndefined();
        expect(await store.getConsent("user-2", "client-1")).toBeUndefined();
      });

      it("keeps the consents of (a:b, c) and (a, b:c) apart", async () => {
        const store = await fixture.open();
        await store.putConsent("a:b", "c", { scopes: ["first"], resource: "r" });
        expect(await store.getConsent("a", "b:c")).toBeUndefined();
        await store.putConsent("a", "b:c", { scopes: ["second"], resource: "r" });
        expect(await store.getConsent("a:b", "c")).toEqual({ scopes: ["first"], resource: "r" });
        expect(await store.getConsent("a", "b:c")).toEqual({ scopes: ["second"], resource: "r" });
      });
    });

    it("keeps one id apart across kinds", async () => {
      const store = await fixture.open();
      await store.putCode("same", code(Date.now() + LONG));
      expect(await store.getClient("same")).toBeUndefined();
      expect(await store.peekRefresh("same", Date.now())).toBeUndefined();
      expect(await store.rotateRefresh("same", Date.now())).toBeUndefined();
      expect(await store.getPending("same", Date.now())).toBeUndefined();
      expect(await store.isGrantRevoked("same", Date.now())).toBe(false);
      await store.putClient(client("code:same"));
      expect((await store.redeemCode("same", "grant-1", Date.now()))?.kind).toBe("fresh");
    });

    it("shows one instance's writes to another", async () => {
      const store = await fixture.open();
      const other = await fixture.peer(store);
      await store.putClient(client("client-1"));
      await store.putCode("code-1", code(Date.now() + LONG));
      await store.putRefresh("token-1", refresh("grant-1", Date.now() + LONG));
      await store.putPending("p", pending(Date.now() + LONG));
      await store.putConsent("user-1", "client-1", { scopes: ["read"], resource: "r" });
      await store.revokeGrant("grant-9", Date.now() + LONG);
      expect(await other.getClient("client-1")).toEqual(client("client-1"));
      expect((await other.redeemCode("code-1", "grant-1", Date.now()))?.kind).toBe("fresh");
      expect(await store.redeemCode("code-1", "grant-2", Date.now())).toEqual({ kind: "replayed", grantId: "grant-1" });
      expect((await other.rotateRefresh("token-1", Date.now()))?.kind).toBe("fresh");
      expect((await store.rotateRefresh("token-1", Date.now()))?.kind).toBe("replayed");
      expect(await other.takePending("p", Date.now())).toBeDefined();
      expect(await store.takePending("p", Date.now())).toBeUndefined();
      expect(await other.getConsent("user-1", "client-1")).toEqual({ scopes: ["read"], resource: "r" });
      expect(await other.isGrantRevoked("grant-9", Date.now())).toBe(true);
    });
  });
}

/**
 * Subscriptions tell of changes to what they name, so they need what a read needs:
 * `resources/subscribe` without the resource's scopes is refused (over HTTP: 403 with
 * the scope challenge), a `subscriptions/listen` stream leaves out what the caller may
 * not read, and a change of one tenant's resource reaches that tenant's subscribers only.
 */
import { describe, expect, it } from "vitest";
import { createServer, notifyResourceUpdated, type Caller, type Principal } from "@turbomcp/runtime";
import { peerOf, quiet, serverFor, tenantCaller, tenantTable } from "../tenancy/kit.js";
import { ISSUER_A, apiKey, bearer, listen, onSession, openSession, routes } from "./kit.js";

const reader = (scopes: readonly string[]): Caller => {
  const principal: Principal = { subject: "alice", scheme: "jwt", issuer: ISSUER_A, scopes, claims: {} };
  return { principal };
};

describe("resources/subscribe over HTTP (session era)", () => {
  it("refuses a caller without the resource's read scope with 403, -32003 and the scope to ask for", async () => {
    const { url } = await listen();
    const alice = await bearer(ISSUER_A);
    const { id } = await openSession(url, alice);
    const refused = await onSession(url, id!, { id: 1, method: "resources/subscribe", params: { uri: "docs://private" } }, alice);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: -32003, data: { requiredScopes: ["notes:read"] } });
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer .*error="insufficient_scope", scope="notes:read"/);
    expect((await onSession(url, id!, { id: 2, method: "resources/subscribe", params: { uri: "docs://public" } }, alice)).body.result).toEqual({});
  });

  it("lets a caller holding the scope subscribe", async () => {
    const { url } = await listen();
    const { id } = await openSession(url, apiKey("bob"));
    const accepted = await onSession(url, id!, { id: 1, method: "resources/subscribe", params: { uri: "docs://private" } }, apiKey("bob"));
    expect(accepted.status).toBe(200);
    expect(accepted.body.result).toEqual({});
  });
});

describe("subscriptions/listen", () => {
  async function acknowledged(caller: Caller): Promise<unknown> {
    const server = createServer(routes, { logger: quiet });
    const client = peerOf(server, caller);
    client.start("subscriptions/listen", { notifications: { resourceSubscriptions: ["docs://public", "docs://private", "docs://missing"] } });
    await new Promise((resolve) => setImmediate(resolve));
    server.close();
    return client.notifications("notifications/subscriptions/acknowledged")[0];
  }

  it("acknowledges only the URIs the caller may read", async () => {
    expect(await acknowledged(reader([]))).toMatchObject({ params: { notifications: { resourceSubscriptions: ["docs://public"] } } });
    expect(await acknowledged({})).toMatchObject({ params: { notifications: { resourceSubscriptions: ["docs://public"] } } });
    expect(await acknowledged(reader(["notes:read"]))).toMatchObject({
      params: { notifications: { resourceSubscriptions: ["docs://public", "docs://private"] } },
    });
  });
});

describe("notifyResourceUpdated with a tenant", () => {
  it("reaches the subscribers of that tenant only, on legacy connections and listen streams alike", async () => {
    const server = serverFor(tenantTable());
    const uri = "docs://public";
    const acme = peerOf(server, tenantCaller("acme"));
    const globex = peerOf(server, tenantCaller("globex"));
    const untenanted = peerOf(server, {});
    for (const client of [acme, globex, untenanted]) {
      await client.initialize();
      expect((await client.request("resources/subscribe", { uri })).result).toEqual({});
    }
    const acmeStream = peerOf(server, tenantCaller("acme"));
    const globexStream = peerOf(server, tenantCaller("globex"));
    for (const stream of [acmeStream, globexStream]) stream.start("subscriptions/listen", { notifications: { resourceSubscriptions: [uri] } });
    await new Promise((resolve) => setImmediate(resolve));

    expect(server.notifyResourceUpdated(uri, { tenant: "acme" })).toBe(2);
    expect(acme.notifications("notifications/resources/updated")).toHaveLength(1);
    expect(acmeStream.notifications("notifications/resources/updated")).toHaveLength(1);
    for (const other of [globex, globexStream, untenanted]) expect(other.notifications("notifications/resources/updated")).toHaveLength(0);

    // The process-wide function reaches this server too; without a tenant, only subscribers without one.
    expect(notifyResourceUpdated(uri, { tenant: "globex" })).toBe(2);
    expect(globex.notifications("notifications/resources/updated")).toHaveLength(1);
    expect(server.notifyResourceUpdated(uri)).toBe(1);
    expect(untenanted.notifications("notifications/resources/updated")).toHaveLength(1);
    expect(acme.notifications("notifications/resources/updated")).toHaveLength(1);
    server.close();
  });
});

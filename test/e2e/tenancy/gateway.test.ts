/**
 * Tenants named by the request (a gateway's header, the Host's subdomain) beside the
 * credentials' own, on one real server process: every source type, their order, the
 * refusals for a missing or malformed tenant, and every way of naming a tenant the
 * caller's credentials do not belong to.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Started } from "../../runtime/production/kit.js";
import { rawRequest } from "../../helpers/raw-http.js";
import { KEYS, replyOf, startGateway, statelessCall, textOf, token } from "./kit.js";

let server: Started;
beforeAll(async () => {
  // Tenant subdomains of notes.test are allowed hosts; each names its tenant.
  server = await startGateway(["--transport", "http", "--port", "0"], { TURBOMCP_ALLOWED_HOSTS: "127.0.0.1,*.notes.test" });
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

const port = (): number => Number(new URL(server.url).port);

/** A stateless tools/call over a raw socket, so the Host header can name a tenant's subdomain. */
async function viaHost(host: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: {
      name: "build_report",
      arguments: { ms: 0 },
      _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} },
    },
  });
  const response = await rawRequest(port(), {
    method: "POST",
    path: "/mcp",
    headers: {
      host,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": "tools/call",
      "mcp-name": "build_report",
      ...headers,
    },
    body,
  });
  if (response === undefined) throw new Error("no answer");
  return { status: response.status, body: response.body };
}

const report = (headers: Record<string, string>) => statelessCall(server.url, "tools/call", { name: "build_report", arguments: { ms: 0 } }, headers);

describe("every source type", () => {
  it("header: a caller whose credentials carry no tenant is served in the one the gateway names", async () => {
    const bearer = { authorization: `Bearer ${await token("gateway-user")}` };
    expect(textOf((await replyOf(await report({ ...bearer, "x-tenant-id": "hooli" }))).result)).toBe("0 notes for hooli");
  });

  it("subdomain: the first label under notes.test, any case, with a port", async () => {
    const bearer = { authorization: `Bearer ${await token("gateway-user")}` };
    const reply = await viaHost(`Pied-Piper.NOTES.test:${port()}`, bearer);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain("0 notes for pied-piper");
  });

  it("apiKey and claim: the credentials' tenant, with nothing named by the request", async () => {
    expect(textOf((await replyOf(await report({ "x-api-key": KEYS.acme.key }))).result)).toBe("0 notes for acme");
    expect(textOf((await replyOf(await report({ authorization: `Bearer ${await token("u", "umbrella")}` }))).result)).toMatch(/notes for umbrella$/);
  });

  it("tries the sources in order: a subdomain wins over the header", async () => {
    const bearer = { authorization: `Bearer ${await token("gateway-user")}` };
    const reply = await viaHost(`hooli.notes.test:${port()}`, { ...bearer, "x-tenant-id": "initech" });
    expect(reply.body).toContain("0 notes for hooli");
  });
});

describe("refusals", () => {
  it("refuses a request that names no tenant: 400 naming how to name one", async () => {
    const response = await report({ authorization: `Bearer ${await token("gateway-user")}` });
    expect(response.status).toBe(400);
    expect((await replyOf(response)).error).toEqual({
      code: -32600,
      message:
        "Bad Request: this server needs a tenant; name it with an API key that belongs to a tenant or a token with the tenant_id claim or a subdomain of notes.test or the x-tenant-id header",
    });
  });

  it("refuses malformed tenant ids: 400", async () => {
    const bearer = { authorization: `Bearer ${await token("gateway-user")}` };
    for (const bad of ["a b", "x".repeat(129), "acme/../globex", "acme, globex"]) {
      const response = await report({ ...bearer, "x-tenant-id": bad });
      expect(response.status, bad).toBe(400);
    }
    // Two labels under the base domain are not a tenant's host: refused by the Host check already.
    expect((await viaHost(`a.b.notes.test:${port()}`, bearer)).status).toBe(403);
  });

  it("never serves a caller in a tenant its credentials do not belong to: header, subdomain, claim and key", async () => {
    const acmeKey = { "x-api-key": KEYS.acme.key };
    const umbrellaToken = { authorization: `Bearer ${await token("u", "umbrella")}` };
    const spoofs = [
      await report({ ...acmeKey, "x-tenant-id": "globex" }),
      await report({ ...umbrellaToken, "x-tenant-id": "acme" }),
      await report({ "x-api-key": KEYS.initech.key, "x-tenant-id": "acme" }),
    ];
    for (const response of spoofs) {
      expect(response.status).toBe(403);
      const reply = await replyOf(response);
      expect(reply.error).toEqual({ code: -32003, message: "Forbidden: the request names a tenant these credentials do not belong to" });
    }
    const bySubdomain = await viaHost(`globex.notes.test:${port()}`, acmeKey);
    expect(bySubdomain.status).toBe(403);
    expect(bySubdomain.body).not.toMatch(/acme|globex/);
    // Naming its own tenant is fine.
    expect((await report({ ...acmeKey, "x-tenant-id": "acme" })).status).toBe(200);
  });
});

/**
 * From a signed-in identity to what the server grants: the manifest's grant rules
 * (claims to scopes and a tenant), the tenant reaching a handler's `ctx.tenant`
 * through the access token and a `claim` tenant source, and remembered consent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpApp } from "../../../packages/runtime/src/entries/express.js";
import { createAuthorizationServer } from "../../../packages/runtime/src/entries/oauth.js";
import { defineRoutes, toolRoute } from "../../../packages/runtime/src/index.js";
import { applyGrantRules } from "../../../packages/runtime/src/oauth-server/grant-rules.js";
import { compile } from "../../fixtures/runtime/validators.js";
import { builtInRoutes, callTool, pkce, quiet, signIn, startBuiltIn, type RunningServer } from "./kit.js";

describe("grant rules", () => {
  const rules = [
    { when: { claim: "groups", includes: "admins" }, scopes: ["mcp:write"], tenant: "acme" },
    { when: { claim: "hd", equals: "example.com" }, scopes: ["mcp:read"] },
    { when: { claim: "scp", includes: "b" }, scopes: ["extra"] },
  ];

  it("adds the scopes of every matching rule; the first rule naming a tenant sets it", () => {
    const granted = applyGrantRules(rules, "u1", { groups: ["admins", "x"], hd: "example.com" }, "tenant_id");
    expect(granted?.allowedScopes).toEqual(["mcp:write", "mcp:read"]);
    expect(granted?.claims.tenant_id).toBe("acme");
    expect(applyGrantRules(rules, "u2", { scp: "a b c" }, "tenant_id")?.allowedScopes).toEqual(["extra"]);
  });

  it("admits nobody no rule matches: a claim that merely resembles is not a match", () => {
    expect(applyGrantRules(rules, "u3", { groups: "admins-not", hd: "example.com.evil" }, undefined)).toBeUndefined();
    expect(applyGrantRules(rules, "u4", {}, undefined)).toBeUndefined();
  });

  it("without rules (the local test login) admits everyone with any scope", () => {
    expect(applyGrantRules(undefined, "dev", {}, undefined)).toEqual({ subject: "dev", claims: {} });
  });
});

describe("a tenant granted by a rule reaches the handler", () => {
  let server: RunningServer;
  const noInput = { type: "object", properties: {}, additionalProperties: false } as const;

  beforeAll(async () => {
    server = await startBuiltIn({}, (routes) => {
      const auth = routes.auth;
      if (auth?.authorizationServer === undefined) throw new Error("the kit's routes have an authorization server");
      const tenanted = defineRoutes({
        server: routes.server,
        tools: [
          toolRoute<object, string>({
            definition: { name: "whoami", inputSchema: noInput },
            validateInput: compile(noInput),
            handler: (_input, ctx) => `${ctx.principal?.subject ?? "?"}@${ctx.tenant?.id ?? "none"}`,
            policy: { scopes: [] },
          }),
        ],
        auth: { ...auth, authorizationServer: { ...auth.authorizationServer, grants: [{ scopes: ["mcp:read"], tenant: "acme" }] } },
        tenancy: { sources: [{ type: "claim", name: "tenant_id" }], required: true, defaults: {}, tenants: { acme: {} } },
      });
      return createMcpApp(tenanted, { logger: quiet });
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("puts the tenant into the token's claim, which the claim tenant source reads", async () => {
    const { tokens } = await signIn(server, { username: "dana" });
    expect(tokens.scope).toBe("mcp:read");
    const call = await callTool(server.resource, tokens.access_token as string);
    expect(call.status).toBe(200);
    expect(JSON.stringify(call.body)).toContain("dana@acme");
  });
});

describe("remembered consent", () => {
  const base = "http://127.0.0.1:4100";
  const authorization = createAuthorizationServer(builtInRoutes(base, { grants: [{ scopes: ["mcp:read", "mcp:write"] }] }));

  async function pendingFor(clientId: string, scope: string): Promise<{ id: string; csrf: string }> {
    const outcome = await authorization.authorize({
      response_type: "code",
      client_id: clientId,
      redirect_uri: "https://app.example/cb",
      code_challenge: pkce().challenge,
      code_challenge_method: "S256",
      scope,
    });
    if (outcome.kind !== "pending") throw new Error(`authorize: ${outcome.kind}`);
    expect(await authorization.signIn(outcome.id, "erin", {})).toBe(true);
    return { id: outcome.id, csrf: outcome.pending.csrf };
  }

  it("is remembered per user and client for the scopes approved, not for more", async () => {
    const client = await authorization.register({ redirect_uris: ["https://app.example/cb"], token_endpoint_auth_method: "none" });
    const first = await pendingFor(client.client_id as string, "mcp:read");
    expect(await authorization.consentRemembered(first.id)).toBe(false);
    expect(await authorization.decide(first.id, first.csrf, true)).toContain("code=");

    const again = await pendingFor(client.client_id as string, "mcp:read");
    expect(await authorization.consentRemembered(again.id)).toBe(true);
    const wider = await pendingFor(client.client_id as string, "mcp:read mcp:write");
    expect(await authorization.consentRemembered(wider.id)).toBe(false);
    const other = await authorization.register({ redirect_uris: ["https://app.example/cb"], token_endpoint_auth_method: "none" });
    expect(await authorization.consentRemembered((await pendingFor(other.client_id as string, "mcp:read")).id)).toBe(false);
  });
});

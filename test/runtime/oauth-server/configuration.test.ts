/**
 * How the built-in authorization server is configured and assembled: signing keys
 * from the environment or a file (rotation, bad keys, the made-up key's loopback-only
 * rule), the start-up refusals (no oauth2 scheme, an issuer the scheme does not trust,
 * missing client credentials, the test login off loopback, a transport other than
 * HTTP), and that an authenticator never silently ignores the server.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeProtectedHeader } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { createAuthenticator } from "../../../packages/runtime/src/entries/auth.js";
import { listenHttp } from "../../../packages/runtime/src/entries/http.js";
import { createAuthorizationServer, MemoryAuthorizationStore } from "../../../packages/runtime/src/entries/oauth.js";
import { createProductionPipeline, resolveRuntimeConfig, type AuthorizationServerPolicy } from "../../../packages/runtime/src/index.js";
import { loadSigningKeys } from "../../../packages/runtime/src/oauth-server/signing-keys.js";
import { builtInRoutes, quiet, TEST_LOGIN_POLICY } from "./kit.js";

const ISSUER = "http://127.0.0.1:4000";
const folder = mkdtempSync(path.join(tmpdir(), "turbomcp-keys-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function pem(type: "ec" | "rsa" | "ed25519", options: { namedCurve?: string; modulusLength?: number } = {}): string {
  const made =
    type === "ec"
      ? generateKeyPairSync("ec", { namedCurve: options.namedCurve ?? "P-256" })
      : type === "rsa"
        ? generateKeyPairSync("rsa", { modulusLength: options.modulusLength ?? 2048 })
        : generateKeyPairSync("ed25519");
  return made.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
}

describe("signing keys", () => {
  it("reads PEM keys (first signs, all published), a JWK Set, or a file named by <NAME>_FILE", () => {
    const [first, second] = [pem("ec"), pem("rsa")];
    const fromPem = loadSigningKeys("test", "KEYS", "https://as.example.com", { KEYS: `${first}\n${second}` });
    expect(fromPem.all.map((key) => key.alg)).toEqual(["ES256", "RS256"]);
    expect(fromPem.current.alg).toBe("ES256");
    expect(fromPem.ephemeral).toBe(false);

    const jwk = { ...generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey.export({ format: "jwk" }), kid: "k-2026" };
    const fromJwks = loadSigningKeys("test", "KEYS", "https://as.example.com", { KEYS: JSON.stringify({ keys: [jwk] }) });
    expect(fromJwks.current).toMatchObject({ kid: "k-2026", alg: "ES384" });
    expect(fromJwks.current.jwk).not.toHaveProperty("d");

    const file = path.join(folder, "keys.pem");
    writeFileSync(file, pem("ed25519"));
    expect(loadSigningKeys("test", "KEYS", "https://as.example.com", { KEYS_FILE: file }).current.alg).toBe("EdDSA");
  });

  it.each([
    ["a public key", generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "pem", type: "spki" }).toString(), /PEM private keys/],
    ["a short RSA key", pem("rsa", { modulusLength: 1024 }), /at least 2048 bits/],
    ["an EC key on another curve", pem("ec", { namedCurve: "secp256k1" }), /P-256 or P-384/],
    ["a JWK without its private part", JSON.stringify({ keys: [{ kty: "EC", crv: "P-256", x: "a", y: "b" }] }), /no private part/],
    ["junk", "not a key ".repeat(10), /PEM private keys or a JWK Set/],
  ])("refuses %s, naming the variable but never the key", (_name, value, message) => {
    const attempt = () => loadSigningKeys("auth.authorizationServer", "KEYS", "https://as.example.com", { KEYS: value });
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(String(error)).not.toContain(value.slice(30, 60));
    }
  });

  it("makes a key up only for an issuer on loopback", () => {
    expect(loadSigningKeys("test", "KEYS", ISSUER, {}).ephemeral).toBe(true);
    expect(() => loadSigningKeys("test", "KEYS", "https://as.example.com", {})).toThrow(/set KEYS \(or KEYS_FILE\)/);
  });

  it("rotation: tokens signed with the previous key still verify once a new key signs", async () => {
    const [oldKey, newKey] = [pem("ec"), pem("ec")];
    const store = new MemoryAuthorizationStore();
    const before = createAuthorizationServer(builtInRoutes(ISSUER, { clients: [machineClient()] }), {
      env: { ...machineEnv, TEST_OAUTH_SIGNING_KEYS: oldKey },
      store,
    });
    const issued = await before.token({ grant_type: "client_credentials", scope: "mcp:read" }, basic());
    const after = createAuthorizationServer(builtInRoutes(ISSUER, { clients: [machineClient()] }), {
      env: { ...machineEnv, TEST_OAUTH_SIGNING_KEYS: `${newKey}\n${oldKey}` },
      store,
    });
    const fresh = await after.token({ grant_type: "client_credentials", scope: "mcp:read" }, basic());
    expect(decodeProtectedHeader(fresh.access_token).kid).not.toBe(decodeProtectedHeader(issued.access_token).kid);
    const authenticator = createAuthenticator(builtInRoutes(ISSUER).auth!, { localIssuer: after.localIssuer, logger: quiet });
    for (const token of [issued.access_token, fresh.access_token]) {
      const result = await authenticator.authenticate({ headers: { authorization: `Bearer ${token}` } });
      expect(result.ok && result.principal?.subject).toBe("machine-1");
    }
  });
});

const machineEnv = { M_ID: "machine-1", M_SECRET: "a-long-enough-secret-123" };
const machineClient = () => ({ clientIdEnv: "M_ID", clientSecretEnv: "M_SECRET", grantTypes: ["client_credentials" as const], scopes: ["mcp:read"] });
const basic = () => `Basic ${Buffer.from("machine-1:a-long-enough-secret-123").toString("base64")}`;

describe("the client credentials grant", () => {
  const server = createAuthorizationServer(builtInRoutes(ISSUER, { clients: [machineClient()] }), { env: machineEnv });

  it("issues a token to a configured client for its allowed scopes, with no refresh token", async () => {
    const tokens = await server.token({ grant_type: "client_credentials" }, basic());
    expect(tokens.scope).toBe("mcp:read");
    expect(tokens).not.toHaveProperty("refresh_token");
  });

  it("refuses a wrong secret, a scope it may not have, and a public registered client", async () => {
    await expect(server.token({ grant_type: "client_credentials" }, `Basic ${Buffer.from("machine-1:wrong").toString("base64")}`)).rejects.toMatchObject({
      code: "invalid_client",
      status: 401,
    });
    await expect(server.token({ grant_type: "client_credentials", scope: "mcp:write" }, basic())).rejects.toMatchObject({ code: "invalid_scope" });
    const registered = await server.register({ redirect_uris: ["https://app.example/cb"], token_endpoint_auth_method: "none" });
    await expect(server.token({ grant_type: "client_credentials", client_id: registered.client_id as string }, undefined)).rejects.toMatchObject({
      code: "unauthorized_client",
    });
  });
});

describe("start-up refusals", () => {
  const withPolicy = (policy: Partial<AuthorizationServerPolicy>) => builtInRoutes(ISSUER, policy);

  it("refuses an issuer the oauth2 scheme does not list, and client credentials missing from the environment", () => {
    expect(() => createAuthorizationServer(withPolicy({ issuer: "http://127.0.0.1:4999" }))).toThrow(/must list this server's issuer/);
    expect(() => createAuthorizationServer(withPolicy({ clients: [machineClient()] }), { env: {} })).toThrow(/environment variable M_ID/);
    expect(() => createAuthorizationServer(withPolicy({ clients: [machineClient()] }), { env: { M_ID: "m", M_SECRET: "short" } })).toThrow(/too short/);
  });

  it("refuses a tenant in a grant rule when no claim tenant source carries it", () => {
    expect(() => createAuthorizationServer(withPolicy({ grants: [{ scopes: [], tenant: "acme" }] }))).toThrow(/no "claim" source/);
  });

  it("an authenticator for a manifest with an authorization server must be given its local issuer", () => {
    expect(() => createAuthenticator(withPolicy({}).auth!, { logger: quiet })).toThrow(/localIssuer/);
  });

  it("listenHttp refuses the local test login off loopback", async () => {
    await expect(listenHttp(withPolicy({}), { host: "0.0.0.0", port: 0, allowedHosts: ["example.com"], logger: quiet })).rejects.toThrow(/test login/);
  });

  it("the production pipeline serves it over HTTP only, and warns about a made-up key", async () => {
    const warnings: string[] = [];
    const logger = { ...quiet, warn: (message: string) => void warnings.push(message) };
    const routes = withPolicy({ login: TEST_LOGIN_POLICY.login });
    await expect(createProductionPipeline(routes, resolveRuntimeConfig({ env: {} }), { transport: "ws", logger })).rejects.toThrow(/--transport http/);
    const pipeline = await createProductionPipeline(routes, resolveRuntimeConfig({ env: {} }), { transport: "http", logger });
    expect(pipeline.httpOptions.authorizationServer?.issuer).toBe(ISSUER);
    expect(warnings.join("\n")).toContain("TEST_OAUTH_SIGNING_KEYS is not set");
    await pipeline.close();
  });
});

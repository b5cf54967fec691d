import { beforeAll, describe, expect, it } from "vitest";
import { createAuthenticator, hashApiKey, type SchemeVerifier } from "../../../packages/runtime/src/entries/auth.js";
import { apiKeyScheme, bearer, jwtScheme, keyPair, now, policy, sign, type KeyPair } from "./auth-kit.js";

const API_KEY = "tmcp_service-0123456789abcdefghij";
let rsa: KeyPair;
let env: Record<string, string>;

beforeAll(async () => {
  rsa = await keyPair("RS256");
  env = { JWT_KEY: rsa.pem, TEST_API_KEYS: JSON.stringify([{ id: "service", hash: hashApiKey(API_KEY), scopes: ["jobs:run"], tenant: "acme" }]) };
});

describe("createAuthenticator with several schemes", () => {
  const both = (required = true) =>
    createAuthenticator(policy([jwtScheme({ keyEnv: "JWT_KEY" }), apiKeyScheme({ header: "authorization", prefix: "tmcp_" })], required), { env });

  it("tries the schemes in order: a JWT and an API key share the Authorization header", async () => {
    expect(await both().authenticate(bearer(await sign(rsa.privateKey)))).toMatchObject({ ok: true, principal: { scheme: "jwt", subject: "alice" } });
    expect(await both().authenticate(bearer(API_KEY))).toMatchObject({ ok: true, principal: { scheme: "apiKey", subject: "service" } });
  });

  it("reports the failure of the scheme that recognised the credential", async () => {
    const expired = await sign(rsa.privateKey, { claims: { exp: now() - 3600 } });
    expect(await both().authenticate(bearer(expired))).toMatchObject({ ok: false, message: "The access token has expired" });
    expect(await both().authenticate(bearer("tmcp_wrong-key-0123456789"))).toMatchObject({ ok: false, message: "The API key is not valid" });
    expect(await both().authenticate(bearer("neither-a-jwt-nor-a-key"))).toMatchObject({ ok: false, message: "The credentials are not valid" });
  });

  it("lets a key in its own header through while the Authorization header is absent", async () => {
    const authenticator = createAuthenticator(policy([jwtScheme({ keyEnv: "JWT_KEY" }), apiKeyScheme({ prefix: "tmcp_" })]), { env });
    expect(await authenticator.authenticate({ headers: { "x-api-key": API_KEY } })).toMatchObject({ ok: true, principal: { scheme: "apiKey" } });
  });

  it("an API key without a prefix in the Authorization header leaves JWT errors visible", async () => {
    const authenticator = createAuthenticator(policy([apiKeyScheme({ header: "authorization" }), jwtScheme({ keyEnv: "JWT_KEY" })]), { env });
    const wrongAudience = await sign(rsa.privateKey, { claims: { aud: "elsewhere" } });
    expect(await authenticator.authenticate(bearer(wrongAudience))).toMatchObject({ ok: false, message: "The access token was not issued for this server" });
    expect(await authenticator.authenticate(bearer(API_KEY))).toMatchObject({ ok: true, principal: { subject: "service" } });
  });

  it("refuses two Authorization headers with 400 invalid_request, even when the first is valid and auth is optional", async () => {
    const valid = `Bearer ${await sign(rsa.privateKey)}`;
    for (const authenticator of [both(true), both(false)]) {
      expect(await authenticator.authenticate({ headers: { authorization: [valid, `Bearer ${API_KEY}`] } })).toEqual({
        ok: false,
        code: "invalid_request",
        message: "The Authorization header is malformed",
        wwwAuthenticate: 'Bearer realm="mcp", error="invalid_request", error_description="The Authorization header is malformed"',
      });
    }
  });

  it("required: no credentials is a 401 with a bare Bearer challenge; optional: anonymous", async () => {
    expect(await both(true).authenticate({ headers: {} })).toEqual({
      ok: false,
      code: "unauthorized",
      message: "Authentication required",
      wwwAuthenticate: 'Bearer realm="mcp"',
    });
    expect(await both(false).authenticate({ headers: {} })).toEqual({ ok: true, principal: undefined });
  });

  it("puts the realm and the protected-resource metadata URL in every challenge", async () => {
    const authenticator = createAuthenticator(policy([jwtScheme({ keyEnv: "JWT_KEY" })]), {
      env,
      realm: "notes",
      resourceMetadataUrl: "https://mcp.test.invalid/.well-known/oauth-protected-resource",
    });
    const missing = await authenticator.authenticate({ headers: {} });
    expect(!missing.ok && missing.wwwAuthenticate).toBe(
      'Bearer realm="notes", resource_metadata="https://mcp.test.invalid/.well-known/oauth-protected-resource"',
    );
    const bad = await authenticator.authenticate(bearer("a.b.c"));
    expect(!bad.ok && bad.wwwAuthenticate).toBe(
      'Bearer realm="notes", resource_metadata="https://mcp.test.invalid/.well-known/oauth-protected-resource", error="invalid_token", error_description="The access token is invalid"',
    );
  });

  it("runs a verifier given for oauth2, in its place in the order", async () => {
    const seen: string[] = [];
    const oauth2: SchemeVerifier = {
      async verify(request) {
        seen.push(String(request.headers["authorization"]));
        return { kind: "ok", principal: { subject: "from-oauth", scopes: [], scheme: "oauth2", claims: {} } };
      },
    };
    const authenticator = createAuthenticator(
      policy([apiKeyScheme({ prefix: "tmcp_" }), { type: "oauth2", authorizationServers: ["https://id.test.invalid"] }]),
      { env, verifiers: { oauth2: () => oauth2 } },
    );
    expect(await authenticator.authenticate(bearer("opaque"))).toMatchObject({ ok: true, principal: { subject: "from-oauth" } });
    expect(seen).toEqual(["Bearer opaque"]);
  });
});

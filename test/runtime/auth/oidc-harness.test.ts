/** The oidc-provider harness itself: discovery, JWT access tokens bound to a resource, JWKS verification. */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthorizationServer, type TestAuthorizationServer } from "../../helpers/oidc-provider.js";

const RESOURCE_A = "http://127.0.0.1:1/mcp";
const RESOURCE_B = "https://notes.example/mcp";

let as: TestAuthorizationServer;

beforeAll(async () => {
  as = await startAuthorizationServer({ resources: [RESOURCE_A, RESOURCE_B], scopes: ["notes:read", "notes:write"], accessTokenTtlSec: 120 });
});

afterAll(() => as.stop());

describe("oidc-provider test authorization server", () => {
  it("serves OpenID discovery with the issuer and a jwks_uri, and no RFC 8414 document", async () => {
    expect(as.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${as.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: as.issuer, jwks_uri: as.jwksUri, token_endpoint: as.tokenEndpoint });
    expect(discovery["grant_types_supported"]).toContain("client_credentials");
    expect((await fetch(`${as.issuer}/.well-known/oauth-authorization-server`)).status).toBe(404);
  });

  it("issues a JWT for resource A with aud, iss, scope and exp that verifies against the JWKS", async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await as.token({ resource: RESOURCE_A, scope: "notes:read unknown:scope" });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", typ: "at+jwt", kid: "test-es256" });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ aud: RESOURCE_A, iss: as.issuer, scope: "notes:read", sub: as.clientId, client_id: as.clientId });
    expect(claims.exp).toBeGreaterThanOrEqual(before + 120);
    expect(claims.exp).toBeLessThanOrEqual(before + 125);

    const jwks = createRemoteJWKSet(new URL(as.jwksUri));
    const { payload } = await jwtVerify(token, jwks, { issuer: as.issuer, audience: RESOURCE_A, typ: "at+jwt" });
    expect(payload.scope).toBe("notes:read");
    await expect(jwtVerify(token, jwks, { issuer: as.issuer, audience: RESOURCE_B })).rejects.toThrow(/aud/);
  });

  it("binds a token for resource B to B, and refuses an unregistered resource", async () => {
    const token = await as.token({ resource: RESOURCE_B, scope: "notes:read notes:write" });
    expect(decodeJwt(token)).toMatchObject({ aud: RESOURCE_B, scope: "notes:read notes:write" });
    expect(await as.tokenResponse({ resource: "https://other.example/mcp" })).toMatchObject({
      status: 400,
      body: { error: "invalid_target" },
    });
  });

  it("issues an opaque token when no resource indicator is sent", async () => {
    const token = await as.opaqueToken("notes:read");
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(() => decodeJwt(token)).toThrow();
  });
});

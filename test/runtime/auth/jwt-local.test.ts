import { beforeAll, describe, expect, it } from "vitest";
import { createAuthenticator, type AuthResult, type Authenticator } from "../../../packages/runtime/src/entries/auth.js";
import { createJwtVerifier } from "../../../packages/runtime/src/auth/jwt.js";
import type { JwtScheme } from "../../../packages/runtime/src/config/policies.js";
import {
  AUDIENCE,
  bearer,
  ISSUER,
  jwtScheme,
  keyPair,
  now,
  policy,
  quietLogger,
  SECRET,
  sign,
  tamper,
  unsigned,
  withoutAudience,
  type KeyPair,
} from "./auth-kit.js";

const SAFE_MESSAGES = [
  "The access token is invalid",
  "The access token has expired",
  "The access token is not yet valid",
  "The access token was not issued for this server",
  "The access token has no subject",
  "The credentials are not valid",
];

/** A 401 invalid_token that names neither the token nor anything jose said. */
function expectInvalidToken(result: AuthResult, token: string, message?: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe("unauthorized");
  expect(SAFE_MESSAGES).toContain(result.message);
  if (message !== undefined) expect(result.message).toBe(message);
  expect(result.wwwAuthenticate).toBe(`Bearer realm="mcp", error="invalid_token", error_description="${result.message}"`);
  expect(JSON.stringify(result)).not.toContain(token);
  expect(JSON.stringify(result)).not.toMatch(/signature verification|JWS|JWT "|claim/i);
}

let rsa: KeyPair;
let otherRsa: KeyPair;
let ec: KeyPair;

beforeAll(async () => {
  [rsa, otherRsa, ec] = await Promise.all([keyPair("RS256"), keyPair("RS256"), keyPair("ES256")]);
});

function local(pem: string, fields: Parameters<typeof jwtScheme>[0] = {}): Authenticator {
  return createAuthenticator(policy([jwtScheme({ keyEnv: "JWT_KEY", ...fields })]), { env: { JWT_KEY: pem }, logger: quietLogger() });
}

describe("JWT with a local key", () => {
  it.each([
    ["RS256 with a PEM public key", () => ({ key: rsa.privateKey, pem: rsa.pem, alg: "RS256" })],
    ["ES256 with a PEM public key", () => ({ key: ec.privateKey, pem: ec.pem, alg: "ES256" })],
    ["HS256 with a shared secret", () => ({ key: new TextEncoder().encode(SECRET), pem: SECRET, alg: "HS256" })],
  ] as const)("accepts %s and builds the principal", async (_name, material) => {
    const { key, pem, alg } = material();
    const token = await sign(key, { alg, claims: { scope: "notes:read notes:write", tenant_id: "acme" } });
    const result = await local(pem, { algorithms: [alg] }).authenticate(bearer(token));
    expect(result).toEqual({
      ok: true,
      principal: {
        subject: "alice",
        scopes: ["notes:read", "notes:write"],
        scheme: "jwt",
        issuer: ISSUER,
        claims: expect.objectContaining({ sub: "alice", iss: ISSUER, aud: AUDIENCE, tenant_id: "acme" }),
      },
    });
    if (result.ok) {
      expect(JSON.stringify(result.principal)).not.toContain(token);
      expect(Object.isFrozen(result.principal?.claims)).toBe(true);
    }
  });

  it("reads scopes from an array claim named by scopeClaim", async () => {
    const token = await sign(rsa.privateKey, { claims: { scp: ["a", "b", 7, ""] } });
    const result = await local(rsa.pem, { scopeClaim: "scp" }).authenticate(bearer(token));
    expect(result.ok && result.principal?.scopes).toEqual(["a", "b"]);
  });

  it("has no scopes when the claim is missing", async () => {
    const result = await local(rsa.pem).authenticate(bearer(await sign(rsa.privateKey)));
    expect(result.ok && result.principal?.scopes).toEqual([]);
  });

  it("accepts any audience of a list, and a token inside the clock tolerance", async () => {
    const token = await sign(rsa.privateKey, { claims: { aud: ["other", "mcp-b"], exp: now() - 5 } });
    const result = await local(rsa.pem, { audience: ["mcp-a", "mcp-b"], clockToleranceSec: 30 }).authenticate(bearer(token));
    expect(result.ok).toBe(true);
  });

  it("with allowAnyAudience: accepts a token without aud or for another audience; no issuer named, none checked", async () => {
    const { issuer: _issuer, ...scheme } = withoutAudience(jwtScheme({ keyEnv: "JWT_KEY" }), true);
    const authenticator = createAuthenticator(policy([scheme]), { env: { JWT_KEY: rsa.pem } });
    for (const aud of [undefined, "another-server"]) {
      const token = await sign(rsa.privateKey, { claims: { iss: undefined, aud } });
      expect(await authenticator.authenticate(bearer(token))).toMatchObject({ ok: true, principal: { subject: "alice" } });
    }
  });

  it("accepts a PEM whose line breaks arrive as literal \\n", async () => {
    const result = await local(rsa.pem.trim().replace(/\n/g, "\\n")).authenticate(bearer(await sign(rsa.privateKey)));
    expect(result.ok).toBe(true);
  });
});

describe("JWT misuse is a 401 invalid_token with a safe message", () => {
  const cases: ReadonlyArray<readonly [string, () => Promise<string>, string]> = [
    ["expired beyond the tolerance", () => sign(rsa.privateKey, { claims: { exp: now() - 120 } }), "The access token has expired"],
    ["not yet valid", () => sign(rsa.privateKey, { claims: { nbf: now() + 3600 } }), "The access token is not yet valid"],
    ["wrong audience", () => sign(rsa.privateKey, { claims: { aud: "another-server" } }), "The access token was not issued for this server"],
    ["no audience", () => sign(rsa.privateKey, { claims: { aud: undefined } }), "The access token was not issued for this server"],
    ["wrong issuer", () => sign(rsa.privateKey, { claims: { iss: "https://evil.test.invalid" } }), "The access token was not issued for this server"],
    ["signed with another key", () => sign(otherRsa.privateKey), "The access token is invalid"],
    ["alg none", async () => unsigned({ iss: ISSUER, aud: AUDIENCE, sub: "alice", exp: now() + 3600 }), "The access token is invalid"],
    ["alg None (other spelling)", async () => unsigned({ iss: ISSUER, aud: AUDIENCE, sub: "alice", exp: now() + 3600 }, "None"), "The access token is invalid"],
    [
      "tampered payload (scopes raised, signature kept)",
      async () => tamper(await sign(rsa.privateKey, { claims: { scope: "notes:read" } }), { scope: "admin" }),
      "The access token is invalid",
    ],
    ["an algorithm not in the allow-list (ES256 for an RS256 scheme)", () => sign(ec.privateKey, { alg: "ES256" }), "The access token is invalid"],
    [
      "HS256 signed with the RSA public key as secret (algorithm confusion)",
      () => sign(new TextEncoder().encode(rsa.pem), { alg: "HS256" }),
      "The access token is invalid",
    ],
    ["no exp", () => sign(rsa.privateKey, { claims: { exp: undefined } }), "The access token is invalid"],
    ["no sub", () => sign(rsa.privateKey, { claims: { sub: undefined } }), "The access token is invalid"],
    ["empty sub", () => sign(rsa.privateKey, { claims: { sub: "" } }), "The access token has no subject"],
    ["three segments of garbage", async () => "abc.def.ghi", "The access token is invalid"],
  ];

  it.each(cases)("%s", async (_name, makeToken, message) => {
    const token = await makeToken();
    expectInvalidToken(await local(rsa.pem).authenticate(bearer(token)), token, message);
  });

  it("is refused even when anonymous callers are allowed", async () => {
    const token = await sign(otherRsa.privateKey);
    const optional = createAuthenticator(policy([jwtScheme({ keyEnv: "JWT_KEY" })], false), { env: { JWT_KEY: rsa.pem } });
    expectInvalidToken(await optional.authenticate(bearer(token)), token);
  });

  it("a bearer token that is not a JWT is not valid", async () => {
    expectInvalidToken(await local(rsa.pem).authenticate(bearer("opaque-token")), "opaque-token", "The credentials are not valid");
  });

  it("an HS256 scheme refuses a token signed with another secret", async () => {
    const token = await sign(new TextEncoder().encode("another-secret-of-thirty-two-byt"), { alg: "HS256" });
    expectInvalidToken(await local(SECRET, { algorithms: ["HS256"] }).authenticate(bearer(token)), token, "The access token is invalid");
  });
});

describe("regression: a jwt scheme without audience accepted tokens minted for any resource (RFC 8707)", () => {
  it("createJwtVerifier refuses such a routing table at start-up", () => {
    const scheme = withoutAudience(jwtScheme({ keyEnv: "JWT_KEY" }));
    const start = () => createJwtVerifier(scheme, "auth.schemes[0] (jwt)", { env: { JWT_KEY: rsa.pem } });
    expect(start).toThrow(TypeError);
    expect(start).toThrow(
      'auth.schemes[0] (jwt): "audience" is required, so that tokens minted for other servers are refused (RFC 8707); "allowAnyAudience": true accepts any audience (unsafe)',
    );
  });

  it("a routing table without audience or allowAnyAudience does not compile", () => {
    // @ts-expect-error: JwtScheme needs `audience`, or `allowAnyAudience: true`
    const scheme: JwtScheme = { type: "jwt", keyEnv: "JWT_KEY", algorithms: ["RS256"], clockToleranceSec: 30, scopeClaim: "scope" };
    expect(() => createJwtVerifier(scheme, "auth.schemes[0] (jwt)", { env: { JWT_KEY: rsa.pem } })).toThrow(/"audience" is required/);
  });

  it("a token minted for another resource is a 401 invalid_token", async () => {
    const token = await sign(rsa.privateKey, { claims: { aud: "https://other-resource.test.invalid" } });
    expectInvalidToken(await local(rsa.pem).authenticate(bearer(token)), token, "The access token was not issued for this server");
  });
});

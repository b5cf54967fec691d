import { beforeAll, describe, expect, it } from "vitest";
import { createAuthenticator, type AuthOptions } from "../../../packages/runtime/src/entries/auth.js";
import type { AuthScheme, JwtScheme } from "../../../packages/runtime/src/config/policies.js";
import { apiKeyScheme, jwtScheme, keyPair, policy, SECRET, withoutAudience, type KeyPair } from "./auth-kit.js";

let rsa: KeyPair;
let ec: KeyPair;
let rsaPrivatePem: string;

beforeAll(async () => {
  [rsa, ec] = await Promise.all([keyPair("RS256"), keyPair("ES256")]);
  const { exportPKCS8 } = await import("jose");
  rsaPrivatePem = await exportPKCS8(rsa.privateKey);
});

function start(scheme: AuthScheme, options: AuthOptions = {}): () => void {
  return () => createAuthenticator(policy([scheme]), options);
}

const withKey = (fields: Partial<JwtScheme>, value: () => string) => () => start(jwtScheme({ keyEnv: "JWT_KEY", ...fields }), { env: { JWT_KEY: value() } });

describe("bad configuration fails at start-up with a TypeError that names the problem", () => {
  const cases: ReadonlyArray<readonly [string, () => () => void, RegExp]> = [
    ["no schemes", () => () => createAuthenticator(policy([])), /at least one scheme/],
    ["a jwt scheme without a key source", () => start(jwtScheme()), /auth\.schemes\[0\] \(jwt\): .*"jwksUri" or "keyEnv"/],
    [
      "both jwksUri and keyEnv",
      () => start(jwtScheme({ keyEnv: "JWT_KEY", jwksUri: "https://id.test.invalid/jwks" }), { env: { JWT_KEY: SECRET } }),
      /not both/,
    ],
    ["keyEnv not set", () => start(jwtScheme({ keyEnv: "MISSING_KEY" }), { env: {} }), /environment variable MISSING_KEY \(keyEnv\) is not set/],
    ["none in algorithms", withKey({ algorithms: ["RS256", "none"] }, () => rsa.pem), /"none" can never be an accepted algorithm/],
    ["NONE in algorithms", withKey({ algorithms: ["NONE"] }, () => rsa.pem), /"none" can never/],
    ["an unknown algorithm", withKey({ algorithms: ["RS1"] }, () => rsa.pem), /unknown algorithm "RS1"/],
    ["an empty algorithm list", withKey({ algorithms: [] }, () => rsa.pem), /at least one algorithm/],
    ["a PEM that is not a key", withKey({}, () => "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----"), /not hold a valid PEM public key/],
    ["a private key", withKey({}, () => rsaPrivatePem), /holds a private key/],
    ["a public key with HS256 listed", withKey({ algorithms: ["RS256", "HS256"] }, () => rsa.pem), /must never be used as an HMAC secret/],
    ["a key that fits no listed algorithm", withKey({ algorithms: ["RS256"] }, () => ec.pem), /cannot verify any of RS256/],
    ["a shared secret with an asymmetric algorithm", withKey({ algorithms: ["HS256", "RS256"] }, () => SECRET), /only HS256, HS384 and HS512/],
    ["a shared secret with the default algorithms", withKey({ algorithms: ["RS256", "ES256", "EdDSA"] }, () => SECRET), /shared secret/],
    ["a secret too short for HS256", withKey({ algorithms: ["HS256"] }, () => "short-secret"), /12 bytes; HS256 need at least 32/],
    ["a secret too short for HS512", withKey({ algorithms: ["HS256", "HS512"] }, () => SECRET), /need at least 64/],
    ["HS256 with a JWKS", () => start(jwtScheme({ jwksUri: "https://id.test.invalid/jwks", algorithms: ["HS256"] })), /a JWKS publishes public keys only/],
    ["a JWKS over plain http off loopback", () => start(jwtScheme({ jwksUri: "http://id.test.invalid/jwks" })), /must use https/],
    ["a jwksUri that is not a URL", () => start(jwtScheme({ jwksUri: "not a url" })), /is not a URL/],
    ["a negative JWKS cooldown", () => start(jwtScheme({ jwksUri: "https://id.test.invalid/jwks" }), { jwks: { cooldownMs: -1 } }), /jwks\.cooldownMs/],
    ["a negative clock tolerance", withKey({ clockToleranceSec: -1 }, () => rsa.pem), /clockToleranceSec/],
    ["a negative JWT cache age", () => start(jwtScheme({ jwksUri: "https://id.test.invalid/jwks" }), { jwtCache: { maxAgeMs: -1 } }), /jwtCache\.maxAgeMs/],
    ["an empty JWT cache", () => start(jwtScheme({ jwksUri: "https://id.test.invalid/jwks" }), { jwtCache: { maxEntries: 0 } }), /jwtCache\.maxEntries/],
    [
      "no audience and no allowAnyAudience",
      () => start(withoutAudience(jwtScheme({ keyEnv: "JWT_KEY" })), { env: { JWT_KEY: rsa.pem } }),
      /auth\.schemes\[0\] \(jwt\): "audience" is required.*"allowAnyAudience": true/,
    ],
    [
      "no audience and allowAnyAudience false",
      () => start(withoutAudience(jwtScheme({ keyEnv: "JWT_KEY" }), false), { env: { JWT_KEY: rsa.pem } }),
      /"audience" is required/,
    ],
    [
      "allowAnyAudience that is not a boolean",
      () => start(withoutAudience(jwtScheme({ keyEnv: "JWT_KEY" }), "yes"), { env: { JWT_KEY: rsa.pem } }),
      /"allowAnyAudience" must be true or false/,
    ],
    ["an empty audience list", withKey({ audience: [] }, () => rsa.pem), /"audience" must be a non-empty string or a non-empty list of them/],
    ["an empty audience", withKey({ audience: "" }, () => rsa.pem), /"audience" must be a non-empty string/],
    ["an audience list with an empty entry", withKey({ audience: ["mcp", ""] }, () => rsa.pem), /"audience" must be a non-empty string/],
    ["an apiKey scheme without keys", () => start(apiKeyScheme({ keysEnv: undefined })), /"keysEnv" or "keysFile"/],
    ["keysEnv not set", () => start(apiKeyScheme(), { env: {} }), /environment variable TEST_API_KEYS \(keysEnv\) is not set/],
    ["keysEnv not JSON", () => start(apiKeyScheme(), { env: { TEST_API_KEYS: "{nope" } }), /TEST_API_KEYS is not valid JSON/],
    ["keysEnv not a list", () => start(apiKeyScheme(), { env: { TEST_API_KEYS: "{}" } }), /must hold a JSON array/],
    [
      "a plain key stored instead of its hash",
      () => start(apiKeyScheme(), { env: { TEST_API_KEYS: JSON.stringify([{ id: "a", hash: "tmcp_plain-key", scopes: [] }]) } }),
      /TEST_API_KEYS\[0\]\.hash must be the SHA-256 of the key in hex/,
    ],
    [
      "a duplicate key id",
      () =>
        start(apiKeyScheme(), {
          env: {
            TEST_API_KEYS: JSON.stringify([
              { id: "a", hash: "a".repeat(64) },
              { id: "a", hash: "b".repeat(64) },
            ]),
          },
        }),
      /id "a" appears twice/,
    ],
    [
      "scopes that are not strings",
      () => start(apiKeyScheme(), { env: { TEST_API_KEYS: JSON.stringify([{ id: "a", hash: "a".repeat(64), scopes: [1] }]) } }),
      /\[0\]\.scopes must be a list of scope names/,
    ],
    [
      "a keysFile that does not exist",
      () => start(apiKeyScheme({ keysEnv: undefined, keysFile: "no-such-keys.json" }), { cwd: "/nonexistent" }),
      /cannot be read \(ENOENT\)/,
    ],
    ["a header name with a space", () => start(apiKeyScheme({ header: "x api key" }), { env: { TEST_API_KEYS: "[]" } }), /"header" must be a header name/],
    [
      "an oauth2 scheme without a resource (tokens could not be audience-bound)",
      () => start({ type: "oauth2", authorizationServers: ["https://id.test.invalid"] }),
      /"resource" is required/,
    ],
    [
      "an oauth2 resource with a fragment",
      () => start({ type: "oauth2", resource: "https://mcp.test.invalid/mcp#x", authorizationServers: ["https://id.test.invalid"] }),
      /fragment/,
    ],
    [
      "an oauth2 authorization server over plain http off loopback",
      () => start({ type: "oauth2", resource: "https://mcp.test.invalid/mcp", authorizationServers: ["http://id.test.invalid"] }),
      /must use https/,
    ],
    ["a realm with a control character", () => start(apiKeyScheme(), { env: { TEST_API_KEYS: "[]" }, realm: "a\nb" }), /realm/],
  ];

  it.each(cases)("%s", (_name, make, message) => {
    expect(make()).toThrow(TypeError);
    expect(make()).toThrow(message);
  });

  it("never puts the key material in the message", () => {
    let message = "";
    try {
      withKey({ algorithms: ["HS256"] }, () => "too-short-secret-value")()();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/JWT_KEY/);
    expect(message).not.toContain("too-short-secret-value");
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAuthenticator, generateApiKey, hashApiKey, type ApiKeyRecord, type AuthOptions } from "../../../packages/runtime/src/entries/auth.js";
import type { AuthRequest } from "../../../packages/runtime/src/auth/authenticator.js";
import type { ApiKeyScheme } from "../../../packages/runtime/src/config/policies.js";
import { apiKeyScheme, policy } from "./auth-kit.js";

const ALICE_KEY = "tmcp_alice-0123456789abcdefghijklmnop";
const BOB_KEY = "tmcp_bob-0123456789abcdefghijklmnopqrs";
const KEYS: ApiKeyRecord[] = [
  { id: "alice-laptop", hash: hashApiKey(ALICE_KEY), scopes: ["notes:read", "notes:write"], tenant: "acme" },
  { id: "bob-ci", hash: hashApiKey(BOB_KEY).toUpperCase(), scopes: [] },
];
const ENV = { TEST_API_KEYS: JSON.stringify(KEYS) };

function keys(fields: Partial<ApiKeyScheme> = {}, options: AuthOptions = { env: ENV }, required = true) {
  return createAuthenticator(policy([apiKeyScheme({ prefix: "tmcp_", ...fields })], required), options);
}

const withKey = (key: string, header = "x-api-key"): AuthRequest => ({ headers: { [header]: key } });

const folder = mkdtempSync(join(tmpdir(), "turbomcp-auth-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("hashApiKey and generateApiKey", () => {
  it("hashes with SHA-256 in hex, the same as sha256sum", () => {
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("generates a prefixed random key whose hash it returns", () => {
    const { key, hash } = generateApiKey("tmcp_");
    expect(key).toMatch(/^tmcp_[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashApiKey(key));
    expect(generateApiKey("tmcp_").key).not.toBe(key);
  });
});

describe("API keys", () => {
  it("accepts a stored key: subject is the key id, claims carry the tenant", async () => {
    expect(await keys().authenticate(withKey(ALICE_KEY))).toEqual({
      ok: true,
      principal: { subject: "alice-laptop", scopes: ["notes:read", "notes:write"], scheme: "apiKey", issuer: "x-api-key/tmcp_", claims: { tenant: "acme" } },
    });
  });

  it("matches a hash stored in upper case; no tenant means empty claims", async () => {
    expect(await keys().authenticate(withKey(BOB_KEY))).toEqual({
      ok: true,
      principal: { subject: "bob-ci", scopes: [], scheme: "apiKey", issuer: "x-api-key/tmcp_", claims: {} },
    });
  });

  it("refuses a wrong key with 401 invalid_token and never echoes it", async () => {
    const wrong = "tmcp_mallory-0123456789abcdefghijklmn";
    const result = await keys().authenticate(withKey(wrong));
    expect(result).toEqual({
      ok: false,
      code: "unauthorized",
      message: "The API key is not valid",
      wwwAuthenticate: 'Bearer realm="mcp", error="invalid_token", error_description="The API key is not valid"',
    });
    expect(JSON.stringify(result)).not.toContain(wrong);
  });

  it("refuses a key without the prefix, even one whose hash is stored", async () => {
    const unprefixed = "alice-0123456789abcdefghijklmnop";
    const env = { TEST_API_KEYS: JSON.stringify([{ id: "odd", hash: hashApiKey(unprefixed), scopes: [] }]) };
    const result = await keys({}, { env }).authenticate(withKey(unprefixed));
    expect(result).toMatchObject({ ok: false, code: "unauthorized", message: "The credentials are not valid" });
  });

  it("refuses a repeated header (an array from authRequestOf, or joined with a comma by Node) as malformed: 400", async () => {
    for (const value of [`${ALICE_KEY}, ${BOB_KEY}`, [ALICE_KEY, BOB_KEY]]) {
      const result = await keys().authenticate({ headers: { "x-api-key": value } });
      expect(result).toMatchObject({ ok: false, code: "invalid_request", message: "The x-api-key header is malformed" });
      if (!result.ok) expect(result.wwwAuthenticate).toContain('error="invalid_request"');
    }
  });

  it("reads the key from Authorization: Bearer when the header is authorization", async () => {
    const authenticator = keys({ header: "Authorization" });
    expect(await authenticator.authenticate(withKey(`Bearer ${ALICE_KEY}`, "authorization"))).toMatchObject({
      ok: true,
      principal: { subject: "alice-laptop" },
    });
    expect(await authenticator.authenticate(withKey(`bearer  ${ALICE_KEY}`, "authorization"))).toMatchObject({ ok: true });
    // Another HTTP scheme is not a bearer credential: the request counts as anonymous.
    expect(await authenticator.authenticate(withKey("Basic YWxpY2U6cHc=", "authorization"))).toMatchObject({ ok: false, message: "Authentication required" });
    expect(await authenticator.authenticate(withKey("Bearer", "authorization"))).toMatchObject({
      ok: false,
      code: "invalid_request",
      message: "The Authorization header is malformed",
    });
    expect(await authenticator.authenticate({ headers: { authorization: [`Bearer ${ALICE_KEY}`, `Bearer ${BOB_KEY}`] } })).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
  });

  it("loads keys from keysFile relative to cwd, together with keysEnv", async () => {
    writeFileSync(join(folder, "keys.json"), JSON.stringify([{ id: "file-key", hash: hashApiKey("tmcp_from-file-0123456789"), scopes: ["x"] }]));
    const authenticator = keys({ keysFile: "keys.json" }, { env: ENV, cwd: folder });
    expect(await authenticator.authenticate(withKey("tmcp_from-file-0123456789"))).toMatchObject({
      ok: true,
      principal: { subject: "file-key", scopes: ["x"] },
    });
    expect(await authenticator.authenticate(withKey(ALICE_KEY))).toMatchObject({ ok: true, principal: { subject: "alice-laptop" } });
  });

  it("without a key: anonymous when auth is optional, 401 without an error code when required", async () => {
    expect(await keys({}, { env: ENV }, false).authenticate({ headers: {} })).toEqual({ ok: true, principal: undefined });
    expect(await keys().authenticate({ headers: { "x-api-key": "  " } })).toEqual({
      ok: false,
      code: "unauthorized",
      message: "Authentication required",
      wwwAuthenticate: 'Bearer realm="mcp"',
    });
  });

  it("a wrong key is refused even when auth is optional", async () => {
    expect(await keys({}, { env: ENV }, false).authenticate(withKey("tmcp_nope"))).toMatchObject({ ok: false, code: "unauthorized" });
  });
});

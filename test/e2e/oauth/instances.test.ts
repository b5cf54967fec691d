/**
 * The built-in authorization server on two runMain instances sharing one real
 * redis-server and one signing key, as behind a round-robin load balancer: a client
 * registered on one is known to the other, a sign-in started on one is finished on
 * the other, a code issued by one is redeemed once across both, tokens from one are
 * accepted by the other, and a refresh token replayed on the other instance revokes
 * the grant everywhere.
 */
import { generateKeyPairSync } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../helpers/free-port.js";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { startEntry, type Started } from "../../runtime/production/kit.js";
import { authorizationUrl, callTool, pkce, register, tokenRequest } from "../../runtime/oauth-server/kit.js";

const ENTRY = fileURLToPath(new URL("./server.ts", import.meta.url));
const REDIRECT_URI = "http://127.0.0.1:9/cb";

let redis: RedisServer;
let a: Started;
let b: Started;
let base: string;

beforeAll(async () => {
  redis = await startRedisServer();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = {
    OAUTH_E2E_BASE: base,
    TURBOMCP_REDIS_URL: redis.url,
    TEST_OAUTH_SIGNING_KEYS: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  };
  [a, b] = await Promise.all([
    startEntry(ENTRY, ["--transport", "http", "--port", String(port)], env),
    startEntry(ENTRY, ["--transport", "http", "--port", "0"], env),
  ]);
}, 60_000);

afterAll(async () => {
  for (const instance of [a, b]) instance?.child.kill();
  await redis?.stop();
});

/** Opens the consent page on one instance and answers it on another; the redirect's code. */
async function consentAcross(url: string, answerOn: string): Promise<string> {
  const page = await fetch(url, { redirect: "manual" });
  const html = await page.text();
  expect(page.status).toBe(200);
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
  const answer = await fetch(`${answerOn}/oauth/authorize/decision`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "" },
    body: new URLSearchParams({ request: field("request"), csrf: field("csrf"), username: "carol", decision: "approve" }).toString(),
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get("location") ?? "").searchParams.get("code") ?? "";
}

describe("two instances on one Redis", () => {
  it("share clients, sign-ins, codes, tokens and revocations", async () => {
    const client = await register(a.origin, {
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
    });
    const clientId = client.client_id as string;
    const { verifier, challenge } = pkce();
    const params = {
      response_type: "code",
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "s",
    };
    // Registered on A, authorized on B, answered on A.
    const code = await consentAcross(authorizationUrl(b.origin, params), a.origin);
    const redeem = { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier, client_id: clientId };
    const tokens = await tokenRequest(b.origin, redeem);
    expect(tokens.status).toBe(200);
    // The code was used on B: A refuses it and revokes what B issued.
    expect((await tokenRequest(a.origin, redeem)).body.error).toBe("invalid_grant");
    expect((await callTool(`${b.origin}/mcp`, tokens.body.access_token as string)).status).toBe(401);

    // A fresh sign-in; its token works on both instances.
    const second = pkce();
    const code2 = await consentAcross(authorizationUrl(a.origin, { ...params, code_challenge: second.challenge }), b.origin);
    const fresh = await tokenRequest(a.origin, { ...redeem, code: code2, code_verifier: second.verifier });
    for (const instance of [a, b]) {
      const call = await callTool(`${instance.origin}/mcp`, fresh.body.access_token as string);
      expect(call.status).toBe(200);
      expect(JSON.stringify(call.body)).toContain("oauth2:carol");
    }
    // Refresh on A, replay the old refresh token on B: the grant is revoked on both.
    const rotated = await tokenRequest(a.origin, { grant_type: "refresh_token", refresh_token: fresh.body.refresh_token as string, client_id: clientId });
    expect(rotated.status).toBe(200);
    expect(
      (await tokenRequest(b.origin, { grant_type: "refresh_token", refresh_token: fresh.body.refresh_token as string, client_id: clientId })).body.error,
    ).toBe("invalid_grant");
    for (const instance of [a, b]) expect((await callTool(`${instance.origin}/mcp`, rotated.body.access_token as string)).status).toBe(401);
  }, 60_000);
});

import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAuthenticator, type AuthOptions } from "../../../packages/runtime/src/entries/auth.js";
import { bearer, jwtScheme, keyPair, policy, publicJwk, quietLogger, sign, startJwksServer, type JwksServer, type KeyPair } from "./auth-kit.js";

let first: KeyPair;
let second: KeyPair;
let ec: KeyPair;
const servers: JwksServer[] = [];

beforeAll(async () => {
  [first, second, ec] = await Promise.all([keyPair("RS256"), keyPair("RS256"), keyPair("ES256")]);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function jwks(...keys: Array<readonly [KeyPair, string]>): Promise<JwksServer> {
  const server = await startJwksServer(await Promise.all(keys.map(([pair, kid]) => publicJwk(pair, kid))));
  servers.push(server);
  return server;
}

function remote(server: JwksServer, options: AuthOptions = {}, algorithms: readonly string[] = ["RS256", "ES256"]) {
  return createAuthenticator(policy([jwtScheme({ jwksUri: server.url, algorithms })]), { logger: quietLogger(), ...options });
}

describe("JWT with a remote JWKS on loopback", () => {
  it("verifies RS256 and ES256 tokens by kid and fetches the key set once", async () => {
    const server = await jwks([first, "rsa-1"], [ec, "ec-1"]);
    const authenticator = remote(server);
    for (const [pair, kid] of [
      [first, "rsa-1"],
      [ec, "ec-1"],
      [first, "rsa-1"],
    ] as const) {
      const token = await sign(pair.privateKey, { alg: pair.alg, kid, claims: { scope: ["notes:read"] } });
      const result = await authenticator.authenticate(bearer(token));
      expect(result).toMatchObject({ ok: true, principal: { subject: "alice", scheme: "jwt", scopes: ["notes:read"] } });
    }
    expect(server.fetches).toBe(1);
  });

  it("fetches the set again when a token names a new kid (key rotation)", async () => {
    const server = await jwks([first, "2026-01"]);
    const authenticator = remote(server, { jwks: { cooldownMs: 0 } });
    expect((await authenticator.authenticate(bearer(await sign(first.privateKey, { kid: "2026-01" })))).ok).toBe(true);

    server.keys = [await publicJwk(first, "2026-01"), await publicJwk(second, "2026-02")];
    const rotated = await authenticator.authenticate(bearer(await sign(second.privateKey, { kid: "2026-02" })));
    expect(rotated.ok).toBe(true);
    expect(server.fetches).toBe(2);
    // The old key still verifies from the refreshed set, without another fetch.
    expect((await authenticator.authenticate(bearer(await sign(first.privateKey, { kid: "2026-01" })))).ok).toBe(true);
    expect(server.fetches).toBe(2);
  });

  it("refuses an unknown kid and, inside the cooldown, does not refetch for it", async () => {
    const server = await jwks([first, "known"]);
    const authenticator = remote(server, { jwks: { cooldownMs: 60_000 } });
    expect((await authenticator.authenticate(bearer(await sign(first.privateKey, { kid: "known" })))).ok).toBe(true);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const forged = await sign(second.privateKey, { kid: `forged-${attempt}` });
      expect(await authenticator.authenticate(bearer(forged))).toMatchObject({
        ok: false,
        code: "unauthorized",
        message: "The access token is invalid",
      });
    }
    expect(server.fetches).toBe(1);
  });

  it("refuses a token signed with a key not in the set under a known kid", async () => {
    const server = await jwks([first, "k1"]);
    const result = await remote(server).authenticate(bearer(await sign(second.privateKey, { kid: "k1" })));
    expect(result).toMatchObject({ ok: false, code: "unauthorized", message: "The access token is invalid" });
  });

  it("answers 401 while the key set cannot be fetched, reports it once, and recovers", async () => {
    const server = await jwks([first, "k1"]);
    server.status = 503;
    const logger = quietLogger();
    const authenticator = remote(server, { logger, jwks: { cooldownMs: 0 } });
    const token = await sign(first.privateKey, { kid: "k1" });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(await authenticator.authenticate(bearer(token))).toMatchObject({
        ok: false,
        code: "unauthorized",
        message: "The access token could not be verified",
      });
    }
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(String(logger.error.mock.calls[0]?.[0])).toContain("auth.schemes[0] (jwt)");
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain(token);
    server.status = 200;
    expect((await authenticator.authenticate(bearer(token))).ok).toBe(true);
  });

  it("does not follow a redirect from the JWKS endpoint", async () => {
    const server = await jwks([first, "k1"]);
    server.status = 302;
    const result = await remote(server).authenticate(bearer(await sign(first.privateKey, { kid: "k1" })));
    expect(result).toMatchObject({ ok: false, code: "unauthorized" });
  });
});

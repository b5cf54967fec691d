/**
 * The cache of verified JWTs: a token sent again is not verified again (jose's
 * `jwtVerify` is counted) until its `exp` or the cache's maximum age, whichever comes
 * first; never before its `nbf`, never for a refused token, never across schemes, and
 * for at most `maxEntries` tokens. The clock is the authenticator's `now` option, which
 * jose is given too, so nothing sleeps.
 */
import type * as Jose from "jose";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuthOptions } from "../../../packages/runtime/src/entries/auth.js";
import type { JwtScheme } from "../../../packages/runtime/src/config/policies.js";

const verifications = vi.hoisted(() => ({ count: 0 }));

vi.mock("jose", async (importOriginal) => {
  const actual = await importOriginal<typeof Jose>();
  const jwtVerify = (...args: unknown[]): unknown => {
    verifications.count += 1;
    return (actual.jwtVerify as (...args: unknown[]) => unknown)(...args);
  };
  return { ...actual, jwtVerify };
});

const { createAuthenticator } = await import("../../../packages/runtime/src/entries/auth.js");
const { createJwtVerifier } = await import("../../../packages/runtime/src/auth/jwt.js");
const { AUDIENCE, bearer, jwtScheme, keyPair, policy, quietLogger, sign } = await import("./auth-kit.js");

/** The test's clock: starts at the real time (tokens are signed against it) and only moves when a test moves it. */
const START = Date.now();
const START_SEC = Math.floor(START / 1000);
let clock = START;

let ec: Jose.GenerateKeyPairResult & { pem: string };
let otherEc: typeof ec;

beforeAll(async () => {
  [ec, otherEc] = await Promise.all([keyPair("ES256"), keyPair("ES256")]);
});

beforeEach(() => {
  clock = START;
  verifications.count = 0;
});

const es256 = (fields: Partial<JwtScheme> = {}): JwtScheme => jwtScheme({ keyEnv: "JWT_KEY", algorithms: ["ES256"], ...fields });

function options(extra: AuthOptions = {}): AuthOptions {
  return { env: { JWT_KEY: ec.pem }, logger: quietLogger(), now: () => clock, ...extra };
}

function authenticator(extra: AuthOptions = {}, schemes: readonly JwtScheme[] = [es256()]) {
  return createAuthenticator(policy(schemes), options(extra));
}

/** An ES256 token for AUDIENCE, expiring in an hour unless `claims` say otherwise. */
function token(claims: Record<string, unknown> = {}, key = ec.privateKey): Promise<string> {
  return sign(key, { alg: "ES256", claims: { iat: START_SEC, exp: START_SEC + 3600, ...claims } });
}

describe("the cache of verified JWTs", () => {
  it("verifies a token once and answers the same token from the cache with the same principal; another token is verified", async () => {
    const auth = authenticator();
    // The same string: ES256 signatures are randomised, so signing the same claims again makes another token.
    const jwt = bearer(await token());
    const first = await auth.authenticate(jwt);
    const again = await auth.authenticate(jwt);
    expect(first).toMatchObject({ ok: true, principal: { subject: "alice", scheme: "jwt" } });
    expect(again).toEqual(first);
    expect(again.ok && first.ok && again.principal).toBe(first.ok && first.principal);
    expect(verifications.count).toBe(1);
    expect(await auth.authenticate(bearer(await token({ sub: "bob" })))).toMatchObject({ ok: true, principal: { subject: "bob" } });
    expect(verifications.count).toBe(2);
  });

  it("holds a token until its exp, then verifies it again (accepted within the clock tolerance, never cached), then refuses it", async () => {
    const exp = START_SEC + 120;
    const auth = authenticator({ jwtCache: { maxAgeMs: 3_600_000 } });
    const jwt = bearer(await token({ exp }));
    expect((await auth.authenticate(jwt)).ok).toBe(true);
    clock = exp * 1000 - 1;
    expect((await auth.authenticate(jwt)).ok).toBe(true);
    expect(verifications.count).toBe(1);
    clock = exp * 1000;
    expect((await auth.authenticate(jwt)).ok).toBe(true);
    clock = exp * 1000 + 1000;
    expect((await auth.authenticate(jwt)).ok).toBe(true);
    expect(verifications.count).toBe(3);
    clock = (exp + 31) * 1000;
    expect(await auth.authenticate(jwt)).toMatchObject({ ok: false, message: "The access token has expired" });
    expect(verifications.count).toBe(4);
  });

  it("holds a token for a minute at most by default, then verifies it again", async () => {
    const auth = authenticator();
    const jwt = bearer(await token());
    await auth.authenticate(jwt);
    clock = START + 59_999;
    await auth.authenticate(jwt);
    expect(verifications.count).toBe(1);
    clock = START + 60_000;
    expect((await auth.authenticate(jwt)).ok).toBe(true);
    expect(verifications.count).toBe(2);
    clock = START + 60_001;
    await auth.authenticate(jwt);
    expect(verifications.count).toBe(2);
  });

  it("verifies every time with jwtCache.maxAgeMs 0", async () => {
    const auth = authenticator({ jwtCache: { maxAgeMs: 0 } });
    const jwt = bearer(await token());
    for (let i = 0; i < 3; i++) expect((await auth.authenticate(jwt)).ok).toBe(true);
    expect(verifications.count).toBe(3);
  });

  it("does not cache a token before its nbf (accepted within the clock tolerance), only from then on", async () => {
    const nbf = START_SEC + 10;
    const auth = authenticator();
    const jwt = bearer(await token({ nbf }));
    expect((await auth.authenticate(jwt)).ok).toBe(true);
    clock = nbf * 1000 - 1;
    expect((await auth.authenticate(jwt)).ok).toBe(true);
    expect(verifications.count).toBe(2);
    clock = nbf * 1000;
    await auth.authenticate(jwt);
    clock = nbf * 1000 + 1000;
    expect((await auth.authenticate(jwt)).ok).toBe(true);
    expect(verifications.count).toBe(3);
  });

  it("verifies a refused token again each time", async () => {
    const auth = authenticator();
    const forged = bearer(await token({}, otherEc.privateKey));
    for (let i = 0; i < 2; i++) expect(await auth.authenticate(forged)).toMatchObject({ ok: false, message: "The access token is invalid" });
    expect(verifications.count).toBe(2);
  });

  it("is per scheme: a token one scheme accepted is verified by another, which may refuse it", async () => {
    const jwt = bearer(await token());
    const accepting = createJwtVerifier(es256(), "auth.schemes[0] (jwt)", options());
    const twin = createJwtVerifier(es256(), "auth.schemes[1] (jwt)", options());
    const otherAudience = createJwtVerifier(es256({ audience: "another-server" }), "auth.schemes[2] (jwt)", options());
    expect(await accepting.verify(jwt)).toMatchObject({ kind: "ok" });
    expect(await accepting.verify(jwt)).toMatchObject({ kind: "ok" });
    expect(verifications.count).toBe(1);
    expect(await twin.verify(jwt)).toMatchObject({ kind: "ok" });
    expect(verifications.count).toBe(2);
    expect(await otherAudience.verify(jwt)).toMatchObject({ kind: "invalid", message: "The access token was not issued for this server" });
    expect(verifications.count).toBe(3);
  });

  it("in one policy, the scheme that refuses a token checks it each time while the one that accepted it answers from its cache", async () => {
    const auth = authenticator({}, [es256({ audience: "another-server" }), es256({ audience: AUDIENCE })]);
    const jwt = bearer(await token());
    expect((await auth.authenticate(jwt)).ok).toBe(true);
    expect(verifications.count).toBe(2);
    expect((await auth.authenticate(jwt)).ok).toBe(true);
    expect(verifications.count).toBe(3);
  });

  it("holds at most jwtCache.maxEntries tokens, the oldest dropped first", async () => {
    const auth = authenticator({ jwtCache: { maxEntries: 2 } });
    const [first, second, third] = await Promise.all(["a", "b", "c"].map(async (sub) => bearer(await token({ sub }))));
    for (const jwt of [first!, second!, third!]) await auth.authenticate(jwt);
    expect(verifications.count).toBe(3);
    await auth.authenticate(third!);
    await auth.authenticate(second!);
    expect(verifications.count).toBe(3);
    expect(await auth.authenticate(first!)).toMatchObject({ ok: true, principal: { subject: "a" } });
    expect(verifications.count).toBe(4);
  });
});

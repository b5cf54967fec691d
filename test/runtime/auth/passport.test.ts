import BearerStrategy from "passport-http-bearer";
import { describe, expect, it } from "vitest";
import { fromPassportStrategy, type PassportActions, type PassportRequest, type PassportStrategyLike } from "../../../packages/runtime/src/entries/auth.js";
import { bearer } from "./auth-kit.js";

const TOKENS: Record<string, { id: string; name: string; passwordHash: string; scope: string }> = {
  "alice-token": { id: "u-1", name: "Alice", passwordHash: "not-for-claims", scope: "notes:read notes:write" },
};

/** passport-http-bearer, a real third-party strategy, with a token table as its verify callback. */
function bearerStrategy(): BearerStrategy {
  return new BearerStrategy({ realm: "mcp" }, (token, done) => {
    const user = TOKENS[token];
    if (token === "boom") {
      done(new Error("token store down"));
      return;
    }
    if (user === undefined) done(null, false);
    else done(null, user, { scope: user.scope });
  });
}

describe("fromPassportStrategy with passport-http-bearer", () => {
  it("turns success(user, info) into a principal without the user's other fields", async () => {
    const result = await fromPassportStrategy(bearerStrategy()).authenticate(bearer("alice-token"));
    expect(result).toEqual({ ok: true, principal: { subject: "u-1", scopes: ["notes:read", "notes:write"], scheme: "bearer", claims: {} } });
  });

  it("uses toPrincipal when given", async () => {
    const authenticator = fromPassportStrategy(bearerStrategy(), {
      toPrincipal: (user) => ({ subject: "mapped", scopes: [], scheme: "passport-bearer", claims: { name: (user as { name: string }).name } }),
    });
    expect(await authenticator.authenticate(bearer("alice-token"))).toMatchObject({ ok: true, principal: { subject: "mapped", claims: { name: "Alice" } } });
  });

  it("an unknown token fails with the strategy's challenge and a generic message", async () => {
    expect(await fromPassportStrategy(bearerStrategy()).authenticate(bearer("mallory-token"))).toEqual({
      ok: false,
      code: "unauthorized",
      message: "Authentication failed",
      wwwAuthenticate: 'Bearer realm="mcp", error="invalid_token"',
    });
  });

  it("no token fails with the bare challenge; a malformed header fails with 400 invalid_request", async () => {
    expect(await fromPassportStrategy(bearerStrategy()).authenticate({ headers: {} })).toMatchObject({
      ok: false,
      code: "unauthorized",
      wwwAuthenticate: 'Bearer realm="mcp"',
    });
    // The strategy answers fail(400) for "Bearer a b": RFC 6750's invalid_request.
    expect(await fromPassportStrategy(bearerStrategy(), { realm: "x" }).authenticate({ headers: { authorization: "Bearer a b" } })).toEqual({
      ok: false,
      code: "invalid_request",
      message: "The credentials are malformed",
      wwwAuthenticate: 'Bearer realm="x", error="invalid_request", error_description="The credentials are malformed"',
    });
  });

  it("refuses a repeated Authorization header with 400 before the strategy reads it as one string", async () => {
    const result = await fromPassportStrategy(bearerStrategy()).authenticate({ headers: { authorization: ["Bearer alice-token", "Bearer mallory-token"] } });
    expect(result).toEqual({
      ok: false,
      code: "invalid_request",
      message: "The Authorization header is malformed",
      wwwAuthenticate: 'Bearer realm="mcp", error="invalid_request", error_description="The Authorization header is malformed"',
    });
  });

  it("an error in the verify callback rejects (a server error, not a 401)", async () => {
    await expect(fromPassportStrategy(bearerStrategy()).authenticate(bearer("boom"))).rejects.toThrow("token store down");
  });
});

describe("fromPassportStrategy with hand-written strategies", () => {
  const strategy = (body: PassportStrategyLike["authenticate"]): PassportStrategyLike => ({ name: "custom", authenticate: body });

  it("pass() lets an anonymous caller through", async () => {
    expect(
      await fromPassportStrategy(
        strategy(function () {
          this.pass();
        }),
      ).authenticate({ headers: {} }),
    ).toEqual({ ok: true, principal: undefined });
  });

  it("fail(challenge, 403) is a 403; redirect() is a 401; only the first action counts", async () => {
    const forbidden = strategy(function () {
      this.fail("nope", 403);
      this.success({ id: "late" });
    });
    expect(await fromPassportStrategy(forbidden).authenticate({ headers: {} })).toEqual({ ok: false, code: "forbidden", message: "Forbidden" });
    const redirecting = strategy(function () {
      this.redirect("https://login.test.invalid/");
    });
    expect(await fromPassportStrategy(redirecting).authenticate({ headers: {} })).toMatchObject({ ok: false, code: "unauthorized" });
  });

  it("sees the headers and the remote address, and keeps the strategy's own state as `this`", async () => {
    class HeaderStrategy implements PassportStrategyLike {
      readonly name = "header";
      readonly expected = "alice";
      authenticate(this: HeaderStrategy & PassportActions, req: PassportRequest): void {
        if (req.headers["x-user"] === this.expected && req.ip === "127.0.0.1") this.success({ username: this.expected, scopes: ["a"] });
        else this.fail();
      }
    }
    const authenticator = fromPassportStrategy(new HeaderStrategy());
    expect(await authenticator.authenticate({ headers: { "x-user": "alice" }, remoteAddress: "127.0.0.1" })).toMatchObject({
      ok: true,
      principal: { subject: "alice", scopes: ["a"], scheme: "header" },
    });
    expect(await authenticator.authenticate({ headers: { "x-user": "bob" }, remoteAddress: "127.0.0.1" })).toMatchObject({ ok: false });
  });

  it("a user without an identifier rejects; a strategy without authenticate() fails at start-up", async () => {
    const anonymousUser = strategy(function () {
      this.success({ name: "no id" });
    });
    await expect(fromPassportStrategy(anonymousUser).authenticate({ headers: {} })).rejects.toThrow(/no sub, id or username/);
    expect(() => fromPassportStrategy({} as PassportStrategyLike)).toThrow(TypeError);
  });

  it("a strategy that throws rejects", async () => {
    const throwing = strategy(() => {
      throw new Error("bug");
    });
    await expect(fromPassportStrategy(throwing).authenticate({ headers: {} })).rejects.toThrow("bug");
  });
});

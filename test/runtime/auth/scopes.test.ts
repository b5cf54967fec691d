import { describe, expect, it } from "vitest";
import { checkScopes, hasScopes, insufficientScope, scopesOf } from "../../../packages/runtime/src/entries/auth.js";
import { type Principal } from "../../../packages/runtime/src/index.js";

const alice: Principal = { subject: "alice", scopes: ["notes:read", "notes:write"], scheme: "jwt", claims: {} };

describe("scopesOf", () => {
  it.each([
    ["a space-separated string", "a  b\tc", ["a", "b", "c"]],
    ["an array, keeping only non-empty strings", ["a", 1, "", "b", null], ["a", "b"]],
    ["an empty string", "", []],
    ["a missing claim", undefined, []],
    ["an object", { a: 1 }, []],
  ] as const)("%s", (_name, claim, scopes) => {
    expect(scopesOf(claim)).toEqual(scopes);
  });
});

describe("hasScopes", () => {
  it.each([
    ["no scopes required, anonymous", undefined, [], true],
    ["no scopes required, authenticated", alice, [], true],
    ["one held scope", alice, ["notes:read"], true],
    ["all held scopes", alice, ["notes:write", "notes:read"], true],
    ["a scope not held", alice, ["notes:read", "admin"], false],
    ["a scope required, anonymous", undefined, ["notes:read"], false],
    ["a prefix of a held scope is not the scope", alice, ["notes"], false],
  ] as const)("%s", (_name, principal, required, expected) => {
    expect(hasScopes(principal, required)).toBe(expected);
  });
});

describe("insufficientScope and checkScopes", () => {
  it("is a 403 with an RFC 6750 insufficient_scope challenge naming every required scope", () => {
    expect(insufficientScope(["notes:write", "admin"])).toEqual({
      ok: false,
      code: "forbidden",
      message: "Insufficient scope: this request needs the scopes notes:write admin",
      wwwAuthenticate: 'Bearer realm="mcp", error="insufficient_scope", scope="notes:write admin"',
    });
    expect(insufficientScope(["admin"], { realm: "notes" })).toMatchObject({
      message: "Insufficient scope: this request needs the scope admin",
      wwwAuthenticate: 'Bearer realm="notes", error="insufficient_scope", scope="admin"',
    });
  });

  it("passes, asks an anonymous caller to authenticate, or forbids", () => {
    expect(checkScopes(alice, ["notes:read"])).toBeUndefined();
    expect(checkScopes(undefined, [])).toBeUndefined();
    expect(checkScopes(undefined, ["notes:read"])).toEqual({
      ok: false,
      code: "unauthorized",
      message: "Authentication required",
      wwwAuthenticate: 'Bearer realm="mcp"',
    });
    expect(checkScopes(alice, ["admin"])).toMatchObject({ code: "forbidden", wwwAuthenticate: expect.stringContaining('scope="admin"') });
  });

  it("quotes scope values safely in the header", () => {
    expect(insufficientScope(['a"b\\c']).wwwAuthenticate).toBe('Bearer realm="mcp", error="insufficient_scope", scope="a\\"b\\\\c"');
  });
});

/** The cache of verified bearer tokens that JWT schemes and introspection keep: deadlines, the size bound, the key. */
import { describe, expect, it } from "vitest";
import type { Principal } from "../../../packages/runtime/src/handlers/context.js";
import { TokenCache } from "../../../packages/runtime/src/auth/token-cache.js";

const principal = (subject: string): Principal => Object.freeze({ subject, scopes: [], scheme: "jwt", issuer: "", claims: {} });

describe("TokenCache", () => {
  it("answers until the entry's deadline, then drops it", () => {
    const cache = new TokenCache(10);
    const alice = principal("alice");
    cache.set("k", alice, 1_000);
    expect(cache.get("k", 999)).toBe(alice);
    expect(cache.get("k", 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("holds at most maxEntries, the oldest dropped first", () => {
    const cache = new TokenCache(2);
    cache.set("a", principal("a"), 10);
    cache.set("b", principal("b"), 10);
    cache.set("c", principal("c"), 10);
    expect(cache.size).toBe(2);
    expect(cache.get("a", 0)).toBeUndefined();
    expect(cache.get("b", 0)?.subject).toBe("b");
    expect(cache.get("c", 0)?.subject).toBe("c");
  });

  it("replaces an entry set again without evicting another", () => {
    const cache = new TokenCache(2);
    cache.set("a", principal("a"), 10);
    cache.set("b", principal("b"), 10);
    cache.set("a", principal("a2"), 20);
    expect(cache.size).toBe(2);
    expect(cache.get("b", 0)?.subject).toBe("b");
    expect(cache.get("a", 15)?.subject).toBe("a2");
  });

  it("keys a token by its SHA-256, never the token itself", () => {
    const token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";
    const key = TokenCache.keyOf(token);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain("eyJ");
    expect(TokenCache.keyOf(`${token}x`)).not.toBe(key);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a size of %s", (size) => {
    expect(() => new TokenCache(size)).toThrow(TypeError);
  });
});

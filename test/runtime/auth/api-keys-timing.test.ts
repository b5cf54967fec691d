/**
 * The constant-time path: every stored hash is compared with crypto.timingSafeEqual,
 * whether or not an earlier one matched, so the time taken tells nothing about which
 * key matched. Checked by counting the calls, not by measuring time.
 */
import type * as Crypto from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";

const compared = vi.hoisted(() => ({ calls: 0 }));

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof Crypto>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.calls += 1;
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { createAuthenticator, hashApiKey } = await import("../../../packages/runtime/src/entries/auth.js");
const { apiKeyScheme, policy } = await import("./auth-kit.js");

const STORED = ["tmcp_first-0123456789abcdef", "tmcp_second-0123456789abcde", "tmcp_third-0123456789abcdef", "tmcp_fourth-0123456789abcde"];
const env = { TEST_API_KEYS: JSON.stringify(STORED.map((key, index) => ({ id: `key-${index}`, hash: hashApiKey(key), scopes: [] }))) };
const authenticator = createAuthenticator(policy([apiKeyScheme({ prefix: "tmcp_" })]), { env });

beforeEach(() => {
  compared.calls = 0;
});

describe("API key comparison", () => {
  it.each([
    ["the first key", STORED[0], true],
    ["the last key", STORED[3], true],
    ["an unknown key", "tmcp_unknown-0123456789abcd", false],
  ])("compares every stored hash for %s", async (_name, key, ok) => {
    const result = await authenticator.authenticate({ headers: { "x-api-key": key } });
    expect(result.ok).toBe(ok);
    expect(compared.calls).toBe(STORED.length);
  });
});

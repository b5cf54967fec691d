/**
 * Sealing and opening per-tenant secrets: round trips, and every edit, swap and
 * mismatch refused with one safe error. Real AES-GCM throughout; nothing is mocked.
 */
import { describe, expect, it } from "vitest";
import { TenantSecretError, createTenantSecrets } from "../../../packages/runtime/src/entries/tenancy.js";
import { MASTER_KEY, MemoryKeyProvider, flipBit, split } from "./secrets-kit.js";

const secrets = createTenantSecrets({ masterKey: MASTER_KEY });

async function refusal(opening: Promise<unknown>): Promise<TenantSecretError> {
  const error: unknown = await opening.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TenantSecretError);
  return error as TenantSecretError;
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Another spelling of the same payload: Buffer decodes it to the same bytes, so only a canonical check notices. */
function withTrailingBits(sealed: string): string {
  const last = BASE64URL.indexOf(sealed.slice(-1));
  const edited = `${sealed.slice(0, -1)}${BASE64URL[last | 1] ?? ""}`;
  expect(split(edited).payload.equals(split(sealed).payload)).toBe(true);
  return edited;
}

describe("round trip", () => {
  it.each([
    ["a string", "ghp_0123456789abcdefghij"],
    ["an empty string", ""],
    ["non-ASCII text", "clé secrète ✓ 🔑"],
  ])("opens %s sealed for the same tenant", async (_name, plaintext) => {
    const sealed = await secrets.encrypt("acme", plaintext);
    expect(await secrets.decryptText("acme", sealed)).toBe(plaintext);
    expect((await secrets.decrypt("acme", sealed)).equals(Buffer.from(plaintext, "utf8"))).toBe(true);
  });

  it("opens bytes, every byte value included", async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    const sealed = await secrets.encrypt("acme", bytes);
    expect(new Uint8Array(await secrets.decrypt("acme", sealed))).toEqual(bytes);
  });

  it("writes the documented compact format with a fresh IV every time", async () => {
    const first = await secrets.encrypt("acme", "same");
    const second = await secrets.encrypt("acme", "same");
    expect(first).toMatch(/^tms1\.master\.[A-Za-z0-9_-]+$/);
    expect(split(first).payload).toHaveLength(12 + 4 + 16);
    expect(first).not.toBe(second);
    expect(split(first).payload.subarray(0, 12).equals(split(second).payload.subarray(0, 12))).toBe(false);
  });

  it("refuses decryptText for bytes that are not UTF-8, with a TypeError", async () => {
    const sealed = await secrets.encrypt("acme", Uint8Array.of(0xff, 0xfe));
    await expect(secrets.decryptText("acme", sealed)).rejects.toThrow(TypeError);
  });
});

describe("tampering", () => {
  it.each([
    ["the first IV byte", 0],
    ["the last IV byte", 11],
    ["the ciphertext", 12],
    ["the first tag byte", -16],
    ["the last tag byte", -1],
  ])("refuses a bit flipped in %s", async (_name, offset) => {
    const sealed = await secrets.encrypt("acme", "tokn");
    expect((await refusal(secrets.decrypt("acme", flipBit(sealed, offset)))).code).toBe("rejected");
  });

  it.each([
    ["another version", (sealed: string) => sealed.replace(/^tms1\./, "tms2."), "malformed"],
    ["no version", (sealed: string) => sealed.replace(/^tms1\./, ""), "malformed"],
    ["a truncated tag", (sealed: string) => sealed.slice(0, -2), "malformed"],
    ["an extra part", (sealed: string) => `${sealed}.x`, "malformed"],
    ["padding", (sealed: string) => `${sealed}=`, "malformed"],
    ["the same bytes spelt with unused trailing bits set", withTrailingBits, "malformed"],
    ["another key id", (sealed: string) => sealed.replace(".master.", ".other."), "unknown-key"],
    ["an empty string", () => "", "malformed"],
  ] as const)("refuses %s", async (_name, edit, code) => {
    const sealed = await secrets.encrypt("acme", "tokn");
    expect((await refusal(secrets.decrypt("acme", edit(sealed)))).code).toBe(code);
  });

  it("refuses a value whose key id was changed to another key with the same bytes: the id is authenticated", async () => {
    const sameBytes = Buffer.alloc(32, 7);
    const provider = new MemoryKeyProvider().rotate("acme", "v1", sameBytes).rotate("acme", "v2", sameBytes);
    const shared = createTenantSecrets({ keyProvider: provider });
    const sealed = await shared.encrypt("acme", "tokn");
    expect((await refusal(shared.decrypt("acme", sealed.replace(".v2.", ".v1.")))).code).toBe("rejected");
  });
});

describe("tenants and associated data", () => {
  it("refuses tenant A's value for tenant B", async () => {
    const sealed = await secrets.encrypt("tenant-a", "tokn");
    expect((await refusal(secrets.decrypt("tenant-b", sealed))).code).toBe("rejected");
  });

  it("refuses tenant A's value for tenant B even when both have the same key", async () => {
    const sameBytes = Buffer.alloc(32, 9);
    const shared = createTenantSecrets({ keyProvider: new MemoryKeyProvider().rotate("tenant-a", "k", sameBytes).rotate("tenant-b", "k", sameBytes) });
    const sealed = await shared.encrypt("tenant-a", "tokn");
    expect((await refusal(shared.decrypt("tenant-b", sealed))).code).toBe("rejected");
  });

  it.each([
    ["other data", "row-1", "row-2"],
    ["data missing when opening", "row-1", undefined],
    ["data given only when opening", undefined, "row-1"],
    ["the same text as bytes, differing by one byte", "row-1", Buffer.from("row-2")],
  ])("refuses %s", async (_name, sealedWith, openedWith) => {
    const sealed = await secrets.encrypt("acme", "tokn", sealedWith);
    expect((await refusal(secrets.decrypt("acme", sealed, openedWith))).code).toBe("rejected");
  });

  it("opens with the same associated data, as a string or its bytes", async () => {
    const sealed = await secrets.encrypt("acme", "tokn", "github");
    expect(await secrets.decryptText("acme", sealed, Buffer.from("github"))).toBe("tokn");
  });

  it("names no tenant, key or plaintext in its messages", async () => {
    const provider = new MemoryKeyProvider().rotate("tenant-a", "k1").rotate("tenant-b", "k1");
    const shared = createTenantSecrets({ keyProvider: provider });
    const sealed = await shared.encrypt("tenant-a", "super-secret-token", "row-7");
    const key = Buffer.from((await provider.keyFor("tenant-a")).key);
    const errors = await Promise.all([
      refusal(shared.decrypt("tenant-b", sealed, "row-7")),
      refusal(shared.decrypt("tenant-a", sealed, "row-8")),
      refusal(shared.decrypt("tenant-a", sealed.replace(".k1.", ".k0."))),
      refusal(shared.decrypt("tenant-a", "not sealed")),
    ]);
    for (const error of errors) {
      const text = `${error.message} ${String(error.stack)}`;
      for (const secret of ["tenant-a", "tenant-b", "super-secret-token", "row-7", "k0", key.toString("hex"), key.toString("base64")])
        expect(text).not.toContain(secret);
    }
  });
});

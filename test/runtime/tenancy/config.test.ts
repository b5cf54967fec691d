/** Unusable options fail when the helper is created; unusable arguments fail at the call, as TypeErrors. */
import { describe, expect, it } from "vitest";
import { createMasterKeyProvider, createTenantSecrets, type TenantSecretsOptions } from "../../../packages/runtime/src/entries/tenancy.js";
import { MASTER_KEY, MemoryKeyProvider } from "./secrets-kit.js";

const provider = new MemoryKeyProvider().rotate("acme", "v1");

describe("createTenantSecrets options", () => {
  it.each([
    ["no options", undefined, /masterKey.*keyProvider/],
    ["neither key source", {}, /exactly one of masterKey and keyProvider/],
    ["both key sources", { masterKey: MASTER_KEY, keyProvider: provider }, /exactly one of masterKey and keyProvider/],
    ["a 31-byte master key string", { masterKey: "x".repeat(31) }, /at least 32 bytes/],
    ["a 31-byte master key buffer", { masterKey: new Uint8Array(31) }, /at least 32 bytes/],
    ["a master key that is a number", { masterKey: 12345 }, /string or a Uint8Array/],
    ["a negative cache size", { masterKey: MASTER_KEY, keyCacheSize: -1 }, /keyCacheSize must be a whole number/],
    ["a fractional cache size", { masterKey: MASTER_KEY, keyCacheSize: 1.5 }, /keyCacheSize must be a whole number/],
    ["a cache size with a provider", { keyProvider: provider, keyCacheSize: 10 }, /applies to masterKey only/],
    ["a provider without keyFor", { keyProvider: {} }, /keyFor must be a function/],
    ["a provider whose keyById is not a function", { keyProvider: { keyFor: provider.keyFor.bind(provider), keyById: "v1" } }, /keyById must be a function/],
  ])("refuses %s", (_name, options, message) => {
    expect(() => createTenantSecrets(options as TenantSecretsOptions)).toThrow(TypeError);
    expect(() => createTenantSecrets(options as TenantSecretsOptions)).toThrow(message);
  });

  it("never quotes the master key", () => {
    const short = "short-secret-value-0123456789";
    expect(() => createTenantSecrets({ masterKey: short })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(short) }));
  });

  it.each([
    ["an id with a dot", { keyId: "m.1" }],
    ["an empty id", { keyId: "" }],
    ["a negative cache size", { cacheSize: -5 }],
  ])("refuses a master key provider with %s", (_name, options) => {
    expect(() => createMasterKeyProvider(MASTER_KEY, options)).toThrow(TypeError);
  });

  it.each([
    ["32 bytes", new Uint8Array(32).fill(1)],
    ["16 two-byte characters (a string counts its UTF-8 bytes)", "é".repeat(16)],
  ])("accepts a master key of %s, and a cache of 0", async (_name, masterKey) => {
    const secrets = createTenantSecrets({ masterKey, keyCacheSize: 0 });
    expect(await secrets.decryptText("acme", await secrets.encrypt("acme", "tokn"))).toBe("tokn");
  });
});

describe("arguments", () => {
  const secrets = createTenantSecrets({ masterKey: MASTER_KEY });

  it.each([
    ["empty", ""],
    ["129 characters", "a".repeat(129)],
    ["a slash", "acme/eu"],
    ["a space", "acme eu"],
    ["a NUL", "acme\0eu"],
    ["not a string", 42],
  ])("refuses a tenant id that is %s, without quoting it", async (_name, tenantId) => {
    await expect(secrets.encrypt(tenantId as string, "tokn")).rejects.toThrow(TypeError);
    await expect(secrets.decrypt(tenantId as string, "tms1.master.AAAA")).rejects.toThrow(/tenant id must be 1-128 characters/);
  });

  it("accepts a 128-character tenant id with '-', '_' and '.'", async () => {
    const tenantId = `${"A-Za-z0-9_.".repeat(11)}${"x".repeat(7)}`;
    expect(tenantId).toHaveLength(128);
    expect(await secrets.decryptText(tenantId, await secrets.encrypt(tenantId, "tokn"))).toBe("tokn");
  });

  it("refuses plaintext and associated data that are neither strings nor bytes", async () => {
    await expect(secrets.encrypt("acme", 42 as unknown as string)).rejects.toThrow(/plaintext must be a string or a Uint8Array/);
    await expect(secrets.encrypt("acme", "tokn", { row: 1 } as unknown as string)).rejects.toThrow(/associatedData must be a string or a Uint8Array/);
  });
});

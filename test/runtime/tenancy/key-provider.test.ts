/**
 * Keys from a KMS-like provider: rotation through the key id each value carries, and
 * a provider's bad answers treated as configuration errors, not as bad data.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TenantSecretError, createTenantSecrets, type TenantKey } from "../../../packages/runtime/src/entries/tenancy.js";
import { MemoryKeyProvider } from "./secrets-kit.js";

describe("key rotation", () => {
  it("seals with the current key and still opens values of the retired one by its id", async () => {
    const provider = new MemoryKeyProvider().rotate("acme", "v1");
    const secrets = createTenantSecrets({ keyProvider: provider });
    const old = await secrets.encrypt("acme", "token-from-v1");
    provider.rotate("acme", "v2");
    const fresh = await secrets.encrypt("acme", "token-from-v2");

    expect(old).toMatch(/^tms1\.v1\./);
    expect(fresh).toMatch(/^tms1\.v2\./);
    expect(await secrets.decryptText("acme", old)).toBe("token-from-v1");
    expect(await secrets.decryptText("acme", fresh)).toBe("token-from-v2");
    expect(provider.asked).toEqual(["acme/v1", "acme/v2"]);
  });

  it("refuses a value of a destroyed key as unknown-key", async () => {
    const provider = new MemoryKeyProvider().rotate("acme", "v1");
    const secrets = createTenantSecrets({ keyProvider: provider });
    const old = await secrets.encrypt("acme", "tokn");
    provider.rotate("acme", "v2").destroy("acme", "v1");
    await expect(secrets.decrypt("acme", old)).rejects.toMatchObject({ name: "TenantSecretError", code: "unknown-key" });
  });

  it("refuses a value sealed with another key of the same id", async () => {
    const provider = new MemoryKeyProvider().rotate("acme", "v1");
    const secrets = createTenantSecrets({ keyProvider: provider });
    const sealed = await secrets.encrypt("acme", "tokn");
    provider.rotate("acme", "v1"); // the KMS replaced the key's material under the same id
    await expect(secrets.decrypt("acme", sealed)).rejects.toMatchObject({ code: "rejected" });
  });

  it("opens only current-key values when the provider has no keyById", async () => {
    const provider = new MemoryKeyProvider().rotate("acme", "v1");
    const secrets = createTenantSecrets({ keyProvider: { keyFor: (tenantId) => provider.keyFor(tenantId) } });
    const old = await secrets.encrypt("acme", "tokn");
    expect(await secrets.decryptText("acme", old)).toBe("tokn");
    provider.rotate("acme", "v2");
    await expect(secrets.decrypt("acme", old)).rejects.toMatchObject({ code: "unknown-key" });
  });

  it("refuses a key answered under another id than the one asked for", async () => {
    const provider = new MemoryKeyProvider().rotate("acme", "v1");
    const secrets = createTenantSecrets({ keyProvider: provider });
    const sealed = await secrets.encrypt("acme", "tokn");
    const confused = createTenantSecrets({
      keyProvider: { keyFor: (t) => provider.keyFor(t), keyById: async (t) => ({ ...(await provider.keyFor(t)), id: "v9" }) },
    });
    await expect(confused.decrypt("acme", sealed)).rejects.toMatchObject({ code: "unknown-key" });
  });
});

describe("a provider's bad answers", () => {
  const answering = (answer: unknown) =>
    createTenantSecrets({ keyProvider: { keyFor: async () => answer as TenantKey, keyById: async () => answer as TenantKey } });

  it.each([
    ["a 16-byte key", { id: "v1", key: randomBytes(16) }],
    ["a 33-byte key", { id: "v1", key: randomBytes(33) }],
    ["a key as a string", { id: "v1", key: "k".repeat(32) }],
    ["an id with a dot", { id: "v1.2", key: randomBytes(32) }],
    ["an empty id", { id: "", key: randomBytes(32) }],
  ])("is a TypeError for %s, when sealing and when opening", async (_name, answer) => {
    await expect(answering(answer).encrypt("acme", "tokn")).rejects.toThrow(TypeError);
    await expect(answering(answer).decrypt("acme", "tms1.v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).rejects.toThrow(TypeError);
  });

  it("is a TypeError when keyFor answers nothing (keyById may: that key is unknown)", async () => {
    await expect(answering(undefined).encrypt("acme", "tokn")).rejects.toThrow(TypeError);
    await expect(answering(undefined).decrypt("acme", "tms1.v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).rejects.toMatchObject({ code: "unknown-key" });
  });

  it("passes a provider's own failure through untouched (an outage is not tampering)", async () => {
    const outage = new Error("KMS unavailable");
    const secrets = createTenantSecrets({ keyProvider: { keyFor: () => Promise.reject(outage), keyById: () => Promise.reject(outage) } });
    await expect(secrets.encrypt("acme", "tokn")).rejects.toBe(outage);
    const failure: unknown = await secrets.decrypt("acme", "tms1.v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").catch((error: unknown) => error);
    expect(failure).toBe(outage);
    expect(failure).not.toBeInstanceOf(TenantSecretError);
  });
});

/**
 * Keys derived from a master key: one per tenant, the same in every process that has
 * the master key, and pinned, because a change in the derivation would make every
 * stored value unreadable.
 */
import { describe, expect, it } from "vitest";
import { createMasterKeyProvider, createTenantSecrets } from "../../../packages/runtime/src/entries/tenancy.js";
import { MASTER_KEY } from "./secrets-kit.js";

const hex = (key: Uint8Array): string => Buffer.from(key).toString("hex");

describe("master key derivation", () => {
  it("gives each tenant its own key", async () => {
    const provider = createMasterKeyProvider(MASTER_KEY);
    const keys = await Promise.all(["acme", "globex", "initech", "acme.eu"].map(async (tenant) => hex((await provider.keyFor(tenant)).key)));
    expect(new Set(keys).size).toBe(4);
  });

  it("derives the same keys in another instance with the same master key, given as a string or its bytes", async () => {
    const first = createMasterKeyProvider(MASTER_KEY);
    const second = createMasterKeyProvider(Buffer.from(MASTER_KEY, "utf8"), { cacheSize: 0 });
    expect(hex((await second.keyFor("acme")).key)).toBe(hex((await first.keyFor("acme")).key));
  });

  it("derives other keys from another master key", async () => {
    const first = createMasterKeyProvider(MASTER_KEY);
    const other = createMasterKeyProvider(`${MASTER_KEY}!`);
    expect(hex((await other.keyFor("acme")).key)).not.toBe(hex((await first.keyFor("acme")).key));
  });

  it("is HKDF-SHA256 with the documented salt and info (pinned: stored values depend on it)", async () => {
    // RFC 5869 by hand: HMAC(salt, master) then HMAC(prk, info | 0x01).
    const key = await createMasterKeyProvider(MASTER_KEY).keyFor("acme");
    expect(key.id).toBe("master");
    expect(hex(key.key)).toBe("63af604f8b74ae562ddfe0cecf05ff6ce2cc372c4b2bdbebf2641e3a8864c6d0");
  });

  it("opens a value sealed by an earlier build (format and derivation pinned)", async () => {
    const sealed = "tms1.master.xhuPytwYsHWK6Qx1vvSUg424hoBKlu7viilRlWtoklY-5sZRRt8";
    expect(await createTenantSecrets({ masterKey: MASTER_KEY }).decryptText("acme", sealed, "github")).toBe("ghp_pinned");
  });

  it("opens in one server instance what another sealed", async () => {
    const sealed = await createTenantSecrets({ masterKey: MASTER_KEY }).encrypt("acme", "xoxb-slack-token");
    expect(await createTenantSecrets({ masterKey: Buffer.from(MASTER_KEY), keyCacheSize: 1 }).decryptText("acme", sealed)).toBe("xoxb-slack-token");
  });

  it("keeps at most cacheSize keys, dropping the least recently used", async () => {
    // A cached key is the same object; a key derived again is a new one with the same bytes.
    const provider = createMasterKeyProvider(MASTER_KEY, { cacheSize: 2 });
    const acme = await provider.keyFor("acme");
    const globex = await provider.keyFor("globex");
    expect(await provider.keyFor("acme")).toBe(acme); // acme is now the most recently used
    const initech = await provider.keyFor("initech"); // drops globex
    expect(await provider.keyFor("acme")).toBe(acme);
    const globexAgain = await provider.keyFor("globex"); // drops initech
    expect(globexAgain).not.toBe(globex);
    expect(hex(globexAgain.key)).toBe(hex(globex.key));
    expect(await provider.keyFor("acme")).toBe(acme);
    expect(await provider.keyFor("initech")).not.toBe(initech);
  });

  it("rotates the master key through key ids", async () => {
    const previous = createMasterKeyProvider(MASTER_KEY, { keyId: "m1" });
    const current = createMasterKeyProvider(`${MASTER_KEY}-2`, { keyId: "m2" });
    const old = await createTenantSecrets({ keyProvider: previous }).encrypt("acme", "tokn");
    const secrets = createTenantSecrets({
      keyProvider: {
        keyFor: (tenantId) => current.keyFor(tenantId),
        keyById: async (tenantId, keyId) => (await current.keyById(tenantId, keyId)) ?? previous.keyById(tenantId, keyId),
      },
    });
    expect(await secrets.encrypt("acme", "tokn")).toMatch(/^tms1\.m2\./);
    expect(await secrets.decryptText("acme", old)).toBe("tokn");
  });
});

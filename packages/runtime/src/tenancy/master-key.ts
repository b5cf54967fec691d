/**
 * Per-tenant keys derived from one master key with HKDF-SHA256 (RFC 5869), so a
 * deployment keeps a single secret, every instance sharing it derives the same keys,
 * and no tenant's key opens another tenant's values.
 */
import { hkdfSync } from "node:crypto";
import { DEFAULT_MASTER_KEY_ID, DEFAULT_TENANT_KEY_CACHE_SIZE } from "../config/defaults.js";
import { checkKeyId, type TenantKey, type TenantKeyProvider } from "./key-provider.js";
import { checkTenantId } from "./tenant-id.js";

export interface MasterKeyProviderOptions {
  /** Written into sealed values; give each master key its own to rotate (default `"master"`). */
  readonly keyId?: string;
  /** Derived keys kept in memory, least recently used dropped first; 0 keeps none (default 1000). */
  readonly cacheSize?: number;
}

const MIN_MASTER_KEY_BYTES = 32;
// Changing either makes every stored value unreadable: they are part of the sealed format.
const SALT = Buffer.from("turbomcp tenant secrets", "utf8");
const INFO_PREFIX = "turbomcp/tenant-secrets/v1/aes-256-gcm\0tenant=";

/** The master key's bytes, copied so the caller's buffer can be wiped or reused. */
export function masterKeyBytes(masterKey: unknown): Buffer {
  if (typeof masterKey !== "string" && !(masterKey instanceof Uint8Array)) throw new TypeError("masterKey must be a string or a Uint8Array");
  const bytes = typeof masterKey === "string" ? Buffer.from(masterKey, "utf8") : Buffer.from(masterKey);
  if (bytes.byteLength < MIN_MASTER_KEY_BYTES)
    throw new TypeError(`masterKey must be at least ${MIN_MASTER_KEY_BYTES} bytes; generate one with \`openssl rand -base64 48\``);
  return bytes;
}

/** Throws a TypeError unless `cacheSize` is a whole number ≥ 0. */
export function checkCacheSize(cacheSize: unknown, where: string): number {
  if (typeof cacheSize !== "number" || !Number.isSafeInteger(cacheSize) || cacheSize < 0) throw new TypeError(`${where} must be a whole number ≥ 0`);
  return cacheSize;
}

/**
 * A `TenantKeyProvider` whose keys are derived from `masterKey` (at least 32 bytes):
 * the same master key gives the same per-tenant keys in every process. Throws a
 * TypeError when the key or an option is unusable.
 *
 * @example
 * ```ts
 * import { createMasterKeyProvider, createTenantSecrets } from "@turbomcp/runtime/tenancy";
 * // Rotating the master key: new values are sealed under "m2"; values sealed under "m1" still open.
 * const current = createMasterKeyProvider(process.env.TENANT_SECRETS_KEY_M2 ?? "", { keyId: "m2" });
 * const previous = createMasterKeyProvider(process.env.TENANT_SECRETS_KEY_M1 ?? "", { keyId: "m1" });
 * const secrets = createTenantSecrets({
 *   keyProvider: {
 *     keyFor: (tenantId) => current.keyFor(tenantId),
 *     keyById: async (tenantId, keyId) => (await current.keyById(tenantId, keyId)) ?? previous.keyById(tenantId, keyId),
 *   },
 * });
 * ```
 */
export function createMasterKeyProvider(masterKey: string | Uint8Array, options: MasterKeyProviderOptions = {}): Required<TenantKeyProvider> {
  const ikm = masterKeyBytes(masterKey);
  const { keyId = DEFAULT_MASTER_KEY_ID } = options;
  checkKeyId(keyId, "masterKey keyId");
  const cacheSize = checkCacheSize(options.cacheSize ?? DEFAULT_TENANT_KEY_CACHE_SIZE, "cacheSize");
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  const cache = new Map<string, TenantKey>();

  const derive = (tenantId: string): TenantKey => {
    const cached = cache.get(tenantId);
    if (cached !== undefined) {
      cache.delete(tenantId);
      cache.set(tenantId, cached);
      return cached;
    }
    const key = Object.freeze({ id: keyId, key: Buffer.from(hkdfSync("sha256", ikm, SALT, `${INFO_PREFIX}${tenantId}`, 32)) });
    if (cacheSize > 0) {
      cache.set(tenantId, key);
      const oldest = cache.keys().next();
      if (cache.size > cacheSize && oldest.done !== true) cache.delete(oldest.value);
    }
    return key;
  };

  return {
    async keyFor(tenantId) {
      checkTenantId(tenantId);
      return derive(tenantId);
    },
    async keyById(tenantId, id) {
      checkTenantId(tenantId);
      return id === keyId ? derive(tenantId) : undefined;
    },
  };
}

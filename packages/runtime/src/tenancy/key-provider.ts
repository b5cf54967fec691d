/**
 * Where per-tenant keys come from: a KMS, Vault, or a master key (`master-key.ts`).
 * The provider names each key with an id that is written into every value it seals,
 * so keys can be rotated: new values use the current key, old ones name theirs.
 */

/** One tenant's AES-256 key and the id it is known by. */
export interface TenantKey {
  /** 1–64 of `A-Z a-z 0-9 _ -`; written in clear into sealed values, so name versions, not secrets. */
  readonly id: string;
  /** Exactly 32 bytes. */
  readonly key: Uint8Array;
}

/**
 * A source of per-tenant keys. Cache inside the provider if fetching is slow: the
 * secrets helper asks on every call, so a key's revocation takes effect at once.
 */
export interface TenantKeyProvider {
  /** The key new values are sealed with: the tenant's current key. */
  keyFor(tenantId: string): Promise<TenantKey>;
  /**
   * A key by the id a sealed value names, current or retired; undefined when the
   * tenant has no such key. Without it, only values sealed with the current key open.
   */
  keyById?(tenantId: string, keyId: string): Promise<TenantKey | undefined>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY_BYTES = 32;

/** Throws a TypeError unless `keyId` can be written into a sealed value. */
export function checkKeyId(keyId: unknown, where: string): asserts keyId is string {
  if (typeof keyId !== "string" || !KEY_ID.test(keyId)) throw new TypeError(`${where}: a key id must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'`);
}

/**
 * A provider's answer, checked: a short key is a misconfigured provider, not bad data,
 * so it is a TypeError (and never reaches AES, which would name its length).
 */
export function checkTenantKey(value: unknown, where: string): TenantKey {
  if (typeof value !== "object" || value === null) throw new TypeError(`${where} must return { id, key }`);
  const { id, key } = value as Partial<TenantKey>;
  checkKeyId(id, where);
  if (!(key instanceof Uint8Array) || key.byteLength !== KEY_BYTES)
    throw new TypeError(`${where}: the key must be a Uint8Array of exactly ${KEY_BYTES} bytes (AES-256)`);
  return { id, key };
}

/** Throws a TypeError at start-up when `provider` is not a `TenantKeyProvider`. */
export function checkKeyProvider(provider: unknown): asserts provider is TenantKeyProvider {
  if (typeof provider !== "object" || provider === null) throw new TypeError("keyProvider must be an object with keyFor(tenantId)");
  const { keyFor, keyById } = provider as Record<string, unknown>;
  if (typeof keyFor !== "function") throw new TypeError("keyProvider.keyFor must be a function (tenantId) => Promise<{ id, key }>");
  if (keyById !== undefined && typeof keyById !== "function")
    throw new TypeError("keyProvider.keyById must be a function (tenantId, keyId) => Promise<{ id, key } | undefined>");
}

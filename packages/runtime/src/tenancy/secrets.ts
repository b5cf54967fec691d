/**
 * Per-tenant secrets at rest: the API keys and OAuth tokens a server keeps for each
 * tenant, sealed with AES-256-GCM under that tenant's own key (derived from a master
 * key, or fetched from a KMS/Vault), as the Rust TurboMCP recommends for multi-tenant
 * deployments. The sealed format is described in `sealed-format.ts`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { checkKeyProvider, checkTenantKey, type TenantKey, type TenantKeyProvider } from "./key-provider.js";
import { checkCacheSize, createMasterKeyProvider } from "./master-key.js";
import { IV_BYTES, TAG_BYTES, associatedData, formatSealed, parseSealed } from "./sealed-format.js";
import { TenantSecretError } from "./secret-error.js";
import { checkTenantId } from "./tenant-id.js";

/** Keys derived from one master key: every instance given the same key reads every value. */
export interface TenantSecretsMasterKeyOptions {
  /** At least 32 bytes (a string counts its UTF-8 bytes), e.g. `openssl rand -base64 48`. */
  readonly masterKey: string | Uint8Array;
  /** Derived keys kept in memory (default 1000). */
  readonly keyCacheSize?: number;
  readonly keyProvider?: never;
}

/** Keys from a KMS or Vault, rotatable through the key id each sealed value carries. */
export interface TenantSecretsProviderOptions {
  readonly keyProvider: TenantKeyProvider;
  readonly masterKey?: never;
  readonly keyCacheSize?: never;
}

export type TenantSecretsOptions = TenantSecretsMasterKeyOptions | TenantSecretsProviderOptions;

/** Bytes or UTF-8 text. */
export type SecretInput = string | Uint8Array;

export interface TenantSecrets {
  /** Seals `plaintext` for `tenantId` with its current key; `associatedData` must be given again to open it. */
  encrypt(tenantId: string, plaintext: SecretInput, associatedData?: SecretInput): Promise<string>;
  /** Opens a sealed value of `tenantId`; throws `TenantSecretError` when it cannot. */
  decrypt(tenantId: string, sealed: string, associatedData?: SecretInput): Promise<Buffer>;
  /** `decrypt` for values sealed from a string; a TypeError when the bytes are not UTF-8. */
  decryptText(tenantId: string, sealed: string, associatedData?: SecretInput): Promise<string>;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function toBytes(value: unknown, name: string): Uint8Array {
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (value instanceof Uint8Array) return value;
  throw new TypeError(`${name} must be a string or a Uint8Array`);
}

function providerOf(options: unknown): TenantKeyProvider {
  if (typeof options !== "object" || options === null) throw new TypeError("createTenantSecrets needs { masterKey } or { keyProvider }");
  const { masterKey, keyProvider, keyCacheSize } = options as Record<string, unknown>;
  if ((masterKey === undefined) === (keyProvider === undefined)) throw new TypeError("createTenantSecrets needs exactly one of masterKey and keyProvider");
  if (keyProvider !== undefined) {
    if (keyCacheSize !== undefined) throw new TypeError("keyCacheSize applies to masterKey only; a keyProvider caches its own keys");
    checkKeyProvider(keyProvider);
    return keyProvider;
  }
  if (keyCacheSize !== undefined) checkCacheSize(keyCacheSize, "keyCacheSize");
  // masterKeyBytes inside checks the type and length: a masterKey never reaches here unchecked.
  return createMasterKeyProvider(masterKey as string | Uint8Array, keyCacheSize === undefined ? {} : { cacheSize: keyCacheSize as number });
}

/**
 * Seals and opens per-tenant secrets. Each value is bound to its tenant (and to the
 * optional associated data, say the record's id), so a value copied to another tenant's
 * row, or another row, does not open. Throws a TypeError when the options are unusable.
 *
 * @example
 * ```ts
 * import { createTenantSecrets } from "@turbomcp/runtime/tenancy";
 * const secrets = createTenantSecrets({ masterKey: process.env.TENANT_SECRETS_KEY ?? "" });
 * const sealed = await secrets.encrypt("acme", "ghp_token", "github");
 * const token = await secrets.decryptText("acme", sealed, "github"); // "ghp_token"
 * ```
 */
export function createTenantSecrets(options: TenantSecretsOptions): TenantSecrets {
  const provider = providerOf(options);

  const keyForOpening = async (tenantId: string, keyId: string): Promise<TenantKey | undefined> => {
    if (provider.keyById !== undefined) {
      const found = await provider.keyById(tenantId, keyId);
      return found === undefined ? undefined : checkTenantKey(found, "keyProvider.keyById");
    }
    // Without keyById only the current key is known: values of a retired key no longer open.
    const current = checkTenantKey(await provider.keyFor(tenantId), "keyProvider.keyFor");
    return current.id === keyId ? current : undefined;
  };

  const decrypt = async (tenantId: string, sealed: string, callerData?: SecretInput): Promise<Buffer> => {
    checkTenantId(tenantId);
    const aad = toBytes(callerData ?? "", "associatedData");
    const parts = parseSealed(sealed);
    const tenantKey = await keyForOpening(tenantId, parts.keyId);
    // A provider answering with another id would let a value name one key and open with another.
    if (tenantKey === undefined || tenantKey.id !== parts.keyId) throw new TenantSecretError("unknown-key");
    const decipher = createDecipheriv("aes-256-gcm", tenantKey.key, parts.iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(parts.tag);
    decipher.setAAD(associatedData(parts.keyId, tenantId, aad));
    const plaintext = decipher.update(parts.ciphertext);
    try {
      // Nothing is returned before final() has checked the tag.
      return Buffer.concat([plaintext, decipher.final()]);
    } catch {
      plaintext.fill(0);
      throw new TenantSecretError("rejected");
    }
  };

  return {
    async encrypt(tenantId, plaintext, callerData) {
      checkTenantId(tenantId);
      const bytes = toBytes(plaintext, "plaintext");
      const aad = toBytes(callerData ?? "", "associatedData");
      const { id, key } = checkTenantKey(await provider.keyFor(tenantId), "keyProvider.keyFor");
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(id, tenantId, aad));
      const ciphertext = Buffer.concat([cipher.update(bytes), cipher.final()]);
      return formatSealed(id, iv, ciphertext, cipher.getAuthTag());
    },
    decrypt,
    async decryptText(tenantId, sealed, callerData) {
      const bytes = await decrypt(tenantId, sealed, callerData);
      try {
        return UTF8.decode(bytes);
      } catch {
        throw new TypeError("the secret is not UTF-8 text; read it with decrypt()");
      }
    },
  };
}

/**
 * The sealed format, version 1: one compact string, safe in JSON, URLs, headers and
 * database text columns:
 *
 *     tms1.<keyId>.<base64url(iv | ciphertext | tag)>
 *
 * - `tms1`: AES-256-GCM with a random 96-bit IV (NIST SP 800-38D's recommended size,
 *   safe for about 2^32 messages per key) and a 128-bit tag.
 * - `keyId`: the id of the key it was sealed with, 1–64 of `A-Z a-z 0-9 _ -`, in clear
 *   so decryption can ask the provider for that key after a rotation.
 * - the payload: base64url without padding, 12 IV bytes, the ciphertext, 16 tag bytes.
 *
 * The associated data authenticated with it is
 * `"tms1" NUL keyId NUL tenantId NUL callerData`: the header cannot be edited, and a
 * value never opens for another tenant even if two tenants had the same key. NUL
 * appears in neither ids, so the parts cannot run into one another; a missing
 * `callerData` is the same as an empty one.
 */
import { TenantSecretError } from "./secret-error.js";

export const SEALED_VERSION = "tms1";
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

const SEALED = /^([A-Za-z0-9]{1,16})\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]+)$/;

export interface SealedParts {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

/** The sealed string of a value sealed with `keyId`. */
export function formatSealed(keyId: string, iv: Buffer, ciphertext: Buffer, tag: Buffer): string {
  return `${SEALED_VERSION}.${keyId}.${Buffer.concat([iv, ciphertext, tag]).toString("base64url")}`;
}

/** The parts of a sealed string; a TenantSecretError `malformed` for anything else. */
export function parseSealed(sealed: unknown): SealedParts {
  const match = typeof sealed === "string" ? SEALED.exec(sealed) : null;
  const [, version, keyId, payload] = match ?? [];
  if (version !== SEALED_VERSION || keyId === undefined || payload === undefined) throw new TenantSecretError("malformed");
  const bytes = Buffer.from(payload, "base64url");
  // Buffer's decoder ignores stray trailing bits; only the canonical spelling is accepted,
  // so one sealed value has exactly one string and edits to it never go unnoticed.
  if (bytes.byteLength < IV_BYTES + TAG_BYTES || bytes.toString("base64url") !== payload) throw new TenantSecretError("malformed");
  return {
    keyId,
    iv: bytes.subarray(0, IV_BYTES),
    ciphertext: bytes.subarray(IV_BYTES, bytes.byteLength - TAG_BYTES),
    tag: bytes.subarray(bytes.byteLength - TAG_BYTES),
  };
}

/** The associated data a value of `keyId` for `tenantId` is sealed with (see the format above). */
export function associatedData(keyId: string, tenantId: string, callerData: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${SEALED_VERSION}\0${keyId}\0${tenantId}\0`, "utf8"), callerData]);
}

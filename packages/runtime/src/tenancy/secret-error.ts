/**
 * The one error a sealed value that cannot be opened produces. Messages are fixed
 * texts: never key material, plaintext, or a tenant id, since the caller may log the
 * error or hand it on, and the sealed value may belong to someone else.
 */

/**
 * `malformed`: not a sealed value of a format version this code reads.
 * `unknown-key`: the key id it names is not one of this tenant's keys.
 * `rejected`: authentication failed: changed bytes, another tenant, another key, or
 * other associated data. These causes are deliberately indistinguishable.
 */
export type TenantSecretErrorCode = "malformed" | "unknown-key" | "rejected";

const MESSAGES: Readonly<Record<TenantSecretErrorCode, string>> = {
  malformed: "The sealed secret is not in a format this server reads",
  "unknown-key": "The sealed secret names a key this tenant does not have",
  rejected: "The sealed secret failed authentication: it was changed, or sealed for another tenant, key or associated data",
};

/** Thrown by `decrypt`/`decryptText` when a sealed value cannot be opened. */
export class TenantSecretError extends Error {
  constructor(readonly code: TenantSecretErrorCode) {
    super(MESSAGES[code]);
    this.name = "TenantSecretError";
  }
}

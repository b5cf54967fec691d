/**
 * API keys: read from the scheme's header (`Authorization: Bearer <key>` when the
 * header is `authorization`, else the whole value of the named header), checked for
 * the prefix, hashed, and compared with every stored hash in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Principal } from "../handlers/context.js";
import type { ApiKeyScheme } from "../config/policies.js";
import { loadApiKeys, type StoredApiKey } from "./api-key-store.js";
import { bearerCredential, headerCredential } from "./credentials.js";
import type { AuthOptions } from "./options.js";
import { ABSENT, invalid, UNRECOGNISED, type SchemeVerifier } from "./scheme-verifier.js";

const INVALID = "The API key is not valid";

/**
 * The stored key whose hash equals `digest`. Every stored hash is compared, with
 * `timingSafeEqual`, whether or not an earlier one matched: the time taken says
 * nothing about which key matched or how much of a hash did.
 */
export function findKey(keys: readonly StoredApiKey[], digest: Buffer): StoredApiKey | undefined {
  let found: StoredApiKey | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, digest) && found === undefined) found = key;
  }
  return found;
}

function principalOf(key: StoredApiKey, issuer: string, tenant: string | undefined): Principal {
  const { id, scopes } = key.record;
  return Object.freeze({ subject: id, scopes, scheme: "apiKey", issuer, claims: Object.freeze(tenant === undefined ? {} : { tenant }) });
}

/** The verifier for one `apiKey` scheme of the manifest; throws a TypeError for bad configuration. */
export function createApiKeyVerifier(scheme: ApiKeyScheme, where: string, options: AuthOptions): SchemeVerifier {
  if (typeof scheme.header !== "string" || !/^[A-Za-z0-9-]+$/.test(scheme.header)) throw new TypeError(`${where}: "header" must be a header name`);
  const prefix = scheme.prefix ?? "";
  if (!/^[A-Za-z0-9_-]*$/.test(prefix)) throw new TypeError(`${where}: "prefix" may hold only letters, digits, "_" and "-"`);
  const header = scheme.header.toLowerCase();
  const keys = loadApiKeys(where, scheme, options);
  // Without a prefix, a bearer token that matches no key may be another scheme's (a JWT).
  const unmatched = header === "authorization" && prefix === "" ? UNRECOGNISED : invalid(INVALID);
  const malformed = invalid(`The ${scheme.header} header is malformed`, "invalid_request");
  // Ids are unique within one scheme only: the header and prefix tell two schemes' keys apart.
  const issuer = prefix === "" ? header : `${header}/${prefix}`;
  const tenantOfKey = options.tenantOfApiKey;
  return {
    async verify(request) {
      const credential = header === "authorization" ? bearerCredential(request) : headerCredential(request, header);
      if (credential.kind === "none") return ABSENT;
      if (credential.kind === "malformed") return malformed;
      if (!credential.value.startsWith(prefix)) return UNRECOGNISED;
      const key = findKey(keys, createHash("sha256").update(credential.value, "utf8").digest());
      if (key === undefined) return unmatched;
      // The record's own tenant wins; a tenant read from the key needs the key to be genuine, which it now is.
      const tenant = key.record.tenant ?? tenantOfKey?.(credential.value);
      return { kind: "ok", principal: principalOf(key, issuer, tenant) };
    },
  };
}

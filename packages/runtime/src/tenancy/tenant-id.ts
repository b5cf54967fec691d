/**
 * What a tenant id may look like: 1–128 of A–Z, a–z, 0–9, `_`, `.` and `-`, the rule
 * the manifest's `tenants.policies` keys follow. Anything else a request names is
 * refused before it reaches a policy, a store key, a log line or a key derivation.
 * The alphabet keeps NUL, `|` and `:` out, so an id can be joined into composite keys
 * (subscriptions, session owners, the secrets' associated data) without escaping.
 */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

export function isTenantId(value: unknown): value is string {
  return typeof value === "string" && TENANT_ID_PATTERN.test(value);
}

/**
 * Throws a TypeError unless `tenantId` is a tenant id. The message never quotes the
 * id: it may be a stranger's header value.
 */
export function checkTenantId(tenantId: unknown): asserts tenantId is string {
  if (!isTenantId(tenantId)) throw new TypeError("tenant id must be 1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
}

/**
 * The tenant ids the secrets helper accepts. An id is joined with NUL separators into
 * every value's associated data and into HKDF's `info`, so the alphabet keeps NUL (and
 * anything awkward in a log line) out; the length is bounded because ids often arrive
 * in a request header.
 */

const TENANT_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Throws a TypeError unless `tenantId` is 1–128 of `A-Z a-z 0-9 _ . -`. The message
 * never quotes the id: it may be a stranger's header value.
 */
export function checkTenantId(tenantId: unknown): asserts tenantId is string {
  if (typeof tenantId !== "string" || !TENANT_ID.test(tenantId)) {
    throw new TypeError("tenant id must be 1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
  }
}

/**
 * Per-tenant limits as the protocol core sees them: before a request of a tenant is
 * served, the dispatcher asks the gate to let it in (the tenant's rate limit, its
 * bound on concurrent requests) and hands the slot back when the reply is out. The
 * stores behind it (memory, Redis shared by every instance) are not the core's concern.
 */
import type { Tenant } from "../handlers/context.js";

/** Gives back a concurrency slot; calling it twice gives back one. */
export type TenantRelease = () => void;

export interface TenantGate {
  /**
   * Admits one request of `tenant`, or throws an `McpError` (`rate_limited`, with
   * `retryAfterMs` in its data). Synchronous when the tenant's policy sets no limit.
   */
  enter(tenant: Tenant): TenantRelease | Promise<TenantRelease>;
}

export const NO_RELEASE: TenantRelease = () => undefined;

/** Slots of requests in progress, per key (a tenant, a principal), in whatever store. */
export interface SlotLimiter {
  /** Takes a slot of `key` if fewer than `limit` are held, or throws `rate_limited` with `refusal` as its message. */
  take(key: string, limit: number, refusal: string): TenantRelease | Promise<TenantRelease>;
}

/**
 * Where tenant policies come from. The manifest's `tenants.policies` is the default
 * directory; SaaS operators add tenants at run time without a redeploy through a JSON
 * file that is re-read when it changes, or a Redis hash shared by every instance.
 * A tenant without an entry gets `tenants.defaults`.
 */
import type { TenancyPolicy, TenantPolicy } from "../config/policies.js";

export interface TenantDirectory {
  /**
   * The tenant's own policy, or undefined when it has none. Synchronous when the
   * answer is at hand (memory, a cache hit), so the hot path awaits nothing. The same
   * object comes back until the policy changes: compiled rules and list caches key on it.
   */
  policyOf(tenantId: string): TenantPolicy | undefined | Promise<TenantPolicy | undefined>;
  /** Resolves once the directory can answer; rejects with a start-up message. */
  ready(): Promise<void>;
  /** Stops watchers and closes connections the directory owns. */
  close(): Promise<void>;
}

function freezePolicy(policy: TenantPolicy): TenantPolicy {
  for (const value of Object.values(policy)) if (typeof value === "object" && value !== null) Object.freeze(value);
  return Object.freeze(policy);
}

/** Freezes every policy of a table, so the objects a directory hands out cannot be changed behind its caches. */
export function freezePolicies(policies: Readonly<Record<string, TenantPolicy>>): ReadonlyMap<string, TenantPolicy> {
  return new Map(Object.entries(policies).map(([id, policy]) => [id, freezePolicy({ ...policy })]));
}

/**
 * The manifest's own policies, in memory.
 *
 * @example
 * ```ts
 * import { manifestTenantDirectory } from "@turbomcp/runtime/tenancy";
 * const directory = manifestTenantDirectory({ sources: [{ type: "header", name: "x-tenant-id" }], required: true, defaults: {}, tenants: { acme: { deniedTools: ["drop_table"] } } });
 * directory.policyOf("acme"); // { deniedTools: ["drop_table"] }
 * ```
 */
export function manifestTenantDirectory(tenancy: TenancyPolicy): TenantDirectory {
  const policies = freezePolicies(tenancy.tenants);
  return {
    policyOf: (tenantId) => policies.get(tenantId),
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

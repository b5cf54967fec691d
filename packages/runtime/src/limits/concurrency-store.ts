/**
 * Where concurrency slots are counted: `maxConcurrentRequests` of a tenant, across
 * every instance that shares the store. A slot is a lease: the Redis store forgets
 * leases of an instance that died after `leaseMs`, so a crash never locks a tenant out.
 */
export interface ConcurrencyStore {
  /** `"memory"` counts in this process; `"redis"` shares slots between instances. */
  readonly kind: "memory" | "redis";
  /**
   * Takes a slot of `key` if fewer than `limit` are held: the lease to give back, or
   * undefined when full. Synchronous in memory; rejects when a remote store cannot answer.
   */
  acquire(key: string, limit: number): string | undefined | Promise<string | undefined>;
  /** Gives a slot back; never rejects (a lost release expires with its lease). A lease given back twice, or never granted, frees nothing more. */
  release(key: string, lease: string): void;
  /** Resolves once the store answers. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Slots counted in this process.
 *
 * @example
 * ```ts
 * import { createMemoryConcurrencyStore } from "@turbomcp/runtime";
 * const slots = createMemoryConcurrencyStore();
 * const lease = await slots.acquire("tenant:acme", 10);
 * if (lease !== undefined) slots.release("tenant:acme", lease);
 * ```
 */
export function createMemoryConcurrencyStore(): ConcurrencyStore {
  // Leases are told apart, as in Redis: giving one back twice, or one never granted, frees nothing more.
  const held = new Map<string, Set<string>>();
  let granted = 0;
  return {
    kind: "memory",
    acquire(key, limit) {
      let leases = held.get(key);
      if ((leases?.size ?? 0) >= limit) return undefined;
      if (leases === undefined) held.set(key, (leases = new Set()));
      const lease = String(++granted);
      leases.add(lease);
      return lease;
    },
    release(key, lease) {
      const leases = held.get(key);
      if (leases?.delete(lease) === true && leases.size === 0) held.delete(key);
    },
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

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
  /** Gives a slot back; never rejects (a lost release expires with its lease). */
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
 * import { createMemoryConcurrencyStore } from "turbomcp/runtime";
 * const slots = createMemoryConcurrencyStore();
 * const lease = await slots.acquire("tenant:acme", 10);
 * if (lease !== undefined) slots.release("tenant:acme", lease);
 * ```
 */
export function createMemoryConcurrencyStore(): ConcurrencyStore {
  const held = new Map<string, number>();
  return {
    kind: "memory",
    acquire(key, limit) {
      const count = held.get(key) ?? 0;
      if (count >= limit) return undefined;
      held.set(key, count + 1);
      return "1";
    },
    release(key) {
      const count = (held.get(key) ?? 1) - 1;
      if (count > 0) held.set(key, count);
      else held.delete(key);
    },
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

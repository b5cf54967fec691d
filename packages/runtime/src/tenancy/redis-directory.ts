/**
 * Tenant policies in a Redis hash (field = tenant id, value = policy JSON), shared by
 * every instance: `HSET turbomcp:tenants acme '{"maxConcurrentRequests":5}'` changes a
 * tenant everywhere within `cacheMs`. Lookups are served from a small cache; a stale
 * entry is served while it is refreshed in the background, so only a tenant's first
 * request waits for Redis. A policy that fails to parse is logged and never taken as
 * "no limits": a tenant seen for the first time is refused (-32603), one already served
 * keeps its last good policy.
 */
import type { Redis } from "ioredis";
import { DEFAULT_TENANT_DIRECTORY_REDIS_KEY, DEFAULT_TENANT_POLICY_CACHE_MS } from "../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { TenantPolicy } from "../config/policies.js";
import type { TenantDirectory } from "./directory.js";
import { parseTenantPolicy } from "./parse-policy.js";

export interface RedisTenantDirectoryOptions {
  /** A connected ioredis client; the directory never closes it. */
  readonly client: Redis;
  /** The hash; default `turbomcp:tenants`. */
  readonly key?: string;
  /** How long a policy is served before it is asked for again; default 5 s. */
  readonly cacheMs?: number;
  /** Asked when a tenant has no field in the hash (the manifest's own policies). */
  readonly fallback?: TenantDirectory;
  /** Tenants whose policies are cached at once; beyond it the cache starts over. Default 10,000. */
  readonly maxCached?: number;
  readonly logger?: ServerLogger;
}

interface Entry {
  /** The raw field, so an unchanged policy keeps its object (and the list caches keyed on it). */
  readonly text: string | null;
  readonly policy: TenantPolicy | undefined;
  readonly fetchedAt: number;
  refreshing?: Promise<TenantPolicy | undefined> | undefined;
}

/**
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { createRedisTenantDirectory } from "@turbomcp/runtime/redis";
 * const directory = createRedisTenantDirectory({ client: new Redis("redis://127.0.0.1:6379") });
 * await directory.ready();
 * ```
 */
export function createRedisTenantDirectory(options: RedisTenantDirectoryOptions): TenantDirectory {
  const { client, fallback } = options;
  const key = options.key ?? DEFAULT_TENANT_DIRECTORY_REDIS_KEY;
  const cacheMs = options.cacheMs ?? DEFAULT_TENANT_POLICY_CACHE_MS;
  const maxCached = options.maxCached ?? 10_000;
  const logger = options.logger ?? stderrLogger;
  const cache = new Map<string, Entry>();

  const fetch = async (tenantId: string, previous: Entry | undefined): Promise<TenantPolicy | undefined> => {
    const text = await client.hget(key, tenantId);
    let policy: TenantPolicy | undefined;
    if (text !== null && text === previous?.text) policy = previous.policy;
    else if (text !== null) {
      try {
        policy = parseTenantPolicy(JSON.parse(text), `tenant directory ${key}: "${tenantId}"`);
      } catch (error) {
        logger.error(`tenant directory ${key}: the policy of one tenant is broken; its requests are refused until it is fixed`, error);
        throw error;
      }
    }
    if (cache.size >= maxCached) cache.clear();
    cache.set(tenantId, { text, policy, fetchedAt: Date.now() });
    return policy;
  };

  const withFallback = (tenantId: string, policy: TenantPolicy | undefined): TenantPolicy | undefined | Promise<TenantPolicy | undefined> =>
    policy ?? fallback?.policyOf(tenantId);

  return {
    policyOf(tenantId) {
      const entry = cache.get(tenantId);
      if (entry === undefined) return fetch(tenantId, undefined).then((policy) => withFallback(tenantId, policy));
      if (Date.now() - entry.fetchedAt > cacheMs && entry.refreshing === undefined) {
        // Served stale while it refreshes. A failed refresh (a broken field, Redis down) keeps the
        // policy and tries again after another cacheMs: not a round trip and a log line per request.
        entry.refreshing = fetch(tenantId, entry).catch(() => {
          cache.set(tenantId, { text: entry.text, policy: entry.policy, fetchedAt: Date.now() });
          return entry.policy;
        });
      }
      return withFallback(tenantId, entry.policy);
    },
    async ready() {
      await client.ping();
      await fallback?.ready();
    },
    async close() {
      cache.clear();
      await fallback?.close();
    },
  };
}

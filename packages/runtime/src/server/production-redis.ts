/**
 * The production pipeline's Redis tier: loaded only when the config sets `redisUrl`,
 * so a server without Redis never loads ioredis.
 */
import { Redis } from "ioredis";
import type { ConcurrencyStore } from "../limits/concurrency-store.js";
import { createRedisConcurrencyStore } from "../limits/redis-concurrency-store.js";
import { createRedisLimitStore } from "../limits/redis-store.js";
import type { LimitStore } from "../limits/store.js";
import type { ServerLogger } from "../protocol/logger.js";
import { RedisSessionStore } from "../sessions/redis-store.js";
import type { SessionStore } from "../sessions/store.js";
import type { TenantDirectory } from "../tenancy/directory.js";
import { createRedisTenantDirectory } from "../tenancy/redis-directory.js";

/** The rate-limit counters every instance shares; the store owns its client. */
export function limitStore(url: string, logger: ServerLogger): LimitStore {
  return createRedisLimitStore({ url, logger });
}

/** The connection that coordinates instances: concurrency slots and the tenant directory. */
export function coordinationClient(url: string): Redis {
  const client = new Redis(url, { connectionName: "turbomcp-coordination", maxRetriesPerRequest: 1 });
  // Outages show as failing slots and lookups (logged there, once), not as unhandled "error" events.
  client.on("error", () => undefined);
  return client;
}

/** The session records' connection. */
export function sessionClient(url: string): Redis {
  const client = new Redis(url, { connectionName: "turbomcp-sessions", maxRetriesPerRequest: 1 });
  // Reconnect failures are "error" events; the session manager logs the outage from failing calls.
  client.on("error", () => undefined);
  return client;
}

export function concurrencyStore(client: Redis, logger: ServerLogger): ConcurrencyStore {
  return createRedisConcurrencyStore({ client, logger });
}

export function sessionStore(client: Redis): SessionStore {
  return new RedisSessionStore({ client });
}

export function tenantDirectory(client: Redis, fallback: TenantDirectory, logger: ServerLogger): TenantDirectory {
  return createRedisTenantDirectory({ client, fallback, logger });
}

/** Closes a connection politely, or at once when Redis is gone. */
export async function quit(client: Redis): Promise<void> {
  await client.quit().catch(() => client.disconnect());
}

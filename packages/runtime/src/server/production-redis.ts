/**
 * The production pipeline's Redis tier: loaded only when the config sets `redisUrl`,
 * so a server without Redis never loads ioredis. One tier per pipeline: the shared
 * rate-limit counters, one connection that coordinates the instances (concurrency
 * slots, the tenant directory, the authorization server's state), for HTTP the shared
 * sessions (their records and the bus between the instances) and, for servers with
 * task-supporting tools, one for the tasks.
 */
import { Redis } from "ioredis";
import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS } from "../config/defaults.js";
import type { ConcurrencyStore } from "../limits/concurrency-store.js";
import { createRedisConcurrencyStore } from "../limits/redis-concurrency-store.js";
import { createRedisLimitStore } from "../limits/redis-store.js";
import type { LimitStore } from "../limits/store.js";
import { RedisTaskStore } from "../cluster/redis-task-store.js";
import { RedisAuthorizationStore } from "../oauth-server/redis-store.js";
import type { AuthorizationStore } from "../oauth-server/store.js";
import type { ServerLogger } from "../protocol/logger.js";
import type { TaskStore } from "../protocol/tasks/store.js";
import { RedisSessionStore } from "../sessions/redis-store.js";
import { RedisEventStore } from "../sessions/redis-event-store.js";
import type { EventStore } from "../sessions/event-store.js";
import type { SharedSessionStore } from "../sessions/store.js";
import type { ClusterBus } from "../cluster/bus.js";
import { RedisBus } from "../cluster/redis-bus.js";
import { BusTaskRelay } from "../cluster/task-relay.js";
import type { TaskRunRelay } from "../protocol/tasks/relay.js";
import type { TenantDirectory } from "../tenancy/directory.js";
import { createRedisTenantDirectory } from "../tenancy/redis-directory.js";

export interface RedisTier {
  /** The rate-limit counters every instance shares; the store owns its client. */
  readonly store: LimitStore;
  readonly concurrency: ConcurrencyStore;
  tenantDirectory(fallback: TenantDirectory): TenantDirectory;
  /** The built-in authorization server's clients, codes, grants and sign-ins, shared by every instance (on the coordination connection). */
  authorizationStore(): AuthorizationStore;
  /**
   * The shared session store and the bus between the instances, so any instance
   * serves any session, and the event store that lets a stream resume on any of them:
   * the stores on a connection of their own (which the bus also publishes on), the
   * bus's subscriptions on another; and a health check of both.
   */
  sessions(): { readonly store: SharedSessionStore; readonly bus: ClusterBus; readonly eventStore: EventStore; ping(): Promise<boolean> };
  /**
   * The tasks' store on a connection of its own (a task's result can be large, and must
   * not hold up the coordination connection): every instance reads every task.
   */
  tasks(maxTasks?: number): TaskStore;
  /** A connection for middleware that keeps state across instances (the result cache, the concurrency limit): cached results can be large. */
  middleware(): Redis;
  /** Carries tasks/update and tasks/cancel over the bus to the instance running the task. */
  taskRelay(bus: ClusterBus): TaskRunRelay;
  /** Lets cancelled tasks write their final state, closes every connection the tier opened, then the counters' store. */
  close(): Promise<void>;
}

function client(url: string, connectionName: string): Redis {
  // A command fails after a while rather than hang its request with a Redis that stopped answering.
  const redis = new Redis(url, { connectionName, maxRetriesPerRequest: 1, commandTimeout: DEFAULT_REDIS_COMMAND_TIMEOUT_MS });
  // Outages show as failing calls (logged there, once), not as unhandled "error" events.
  redis.on("error", () => undefined);
  return redis;
}

/** Closes a connection politely, or at once when Redis is gone. */
async function quit(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}

export function createRedisTier(url: string, logger: ServerLogger): RedisTier {
  const store = createRedisLimitStore({ url, logger });
  const coordination = client(url, "turbomcp-coordination");
  const opened = [coordination];
  const buses: ClusterBus[] = [];
  const taskStores: RedisTaskStore[] = [];
  return {
    store,
    concurrency: createRedisConcurrencyStore({ client: coordination, logger }),
    tenantDirectory: (fallback) => createRedisTenantDirectory({ client: coordination, fallback, logger }),
    authorizationStore: () => new RedisAuthorizationStore({ client: coordination }),
    sessions() {
      const sessions = client(url, "turbomcp-sessions");
      const subscriber = client(url, "turbomcp-bus");
      opened.push(sessions, subscriber);
      const bus = new RedisBus({ publisher: sessions, subscriber, logger });
      buses.push(bus);
      // The event store appends on the bus's publishing connection, which keeps each event's append ahead of its publish.
      return { store: new RedisSessionStore({ client: sessions }), bus, eventStore: new RedisEventStore({ client: sessions }), ping: () => bus.ping() };
    },
    tasks(maxTasks) {
      const tasks = client(url, "turbomcp-tasks");
      opened.push(tasks);
      const store = new RedisTaskStore({ client: tasks, logger, ...(maxTasks !== undefined && { maxTasks }) });
      taskStores.push(store);
      return store;
    },
    middleware() {
      const redis = client(url, "turbomcp-middleware");
      opened.push(redis);
      return redis;
    },
    taskRelay: (bus) => new BusTaskRelay(bus, { logger }),
    async close() {
      // The server has closed, cancelling its tasks: their final states go out before the connections close.
      for (const tasks of taskStores.splice(0)) await tasks.close();
      for (const bus of buses.splice(0)) await bus.close();
      for (const redis of opened.splice(0).reverse()) await quit(redis);
      await store.close();
    },
  };
}

/**
 * `@turbomcp/runtime/redis`: the Redis implementations of the stores (rate limits,
 * concurrency slots, session records, tasks, tenant directory, the authorization
 * server's state, the result cache) and the cluster bus between instances. Loads ioredis.
 *
 * Named exports only; this list is the public API of the entry.
 */
export type { RedisTenantDirectoryOptions } from "../tenancy/redis-directory.js";
export { createRedisTenantDirectory } from "../tenancy/redis-directory.js";
export type { RedisConcurrencyStoreOptions } from "../limits/redis-concurrency-store.js";
export { createRedisConcurrencyStore } from "../limits/redis-concurrency-store.js";
export type { RedisBusOptions } from "../cluster/redis-bus.js";
export { RedisBus } from "../cluster/redis-bus.js";
export type { RedisEventStoreOptions } from "../sessions/redis-event-store.js";
export { RedisEventStore } from "../sessions/redis-event-store.js";
export type { RedisSessionStoreOptions } from "../sessions/redis-store.js";
export { RedisSessionStore } from "../sessions/redis-store.js";
export type { RedisTaskStoreOptions } from "../cluster/redis-task-store.js";
export { RedisTaskStore } from "../cluster/redis-task-store.js";
export type { RedisAuthorizationStoreOptions } from "../oauth-server/redis-store.js";
export { RedisAuthorizationStore } from "../oauth-server/redis-store.js";
export type { LimitStoreOptions } from "../limits/create-store.js";
export { createLimitStore } from "../limits/create-store.js";
export type { RedisLimitStoreOptions } from "../limits/redis-store.js";
export { createRedisLimitStore } from "../limits/redis-store.js";
export type { RedisResultCacheStoreOptions } from "../middleware/redis-result-cache-store.js";
export { createRedisResultCacheStore } from "../middleware/redis-result-cache-store.js";
export type { RedisSharedStateStoreOptions } from "../cluster/redis-shared-state-store.js";
export { createRedisSharedStateStore } from "../cluster/redis-shared-state-store.js";

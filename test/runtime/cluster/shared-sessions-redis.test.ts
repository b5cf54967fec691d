/** Sessions shared between instances through a real redis-server: `RedisBus`, `RedisSessionStore` and `RedisEventStore`. */
import { redisClusterFixture } from "./fixtures.js";
import { sharedSessionSuite } from "./shared-sessions-suite.js";

sharedSessionSuite("Redis bus and stores", redisClusterFixture());

/** Legacy SSE sessions across instances through a real redis-server: `RedisBus` and `RedisSessionStore`. */
import { redisClusterFixture } from "./fixtures.js";
import { legacySseClusterSuite } from "./legacy-sse-suite.js";

legacySseClusterSuite("Redis bus and store", redisClusterFixture());

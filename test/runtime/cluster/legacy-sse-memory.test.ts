/** Legacy SSE sessions across instances in one process: a `MemoryBusNetwork` and one `MemorySessionStore`. */
import { memoryClusterFixture } from "./fixtures.js";
import { legacySseClusterSuite } from "./legacy-sse-suite.js";

legacySseClusterSuite("memory bus and store", memoryClusterFixture());

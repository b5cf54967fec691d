/** Sessions shared between instances in one process: a `MemoryBusNetwork`, one `MemorySessionStore` and one `MemoryEventStore`. */
import { memoryClusterFixture } from "./fixtures.js";
import { sharedSessionSuite } from "./shared-sessions-suite.js";

sharedSessionSuite("memory bus and stores", memoryClusterFixture());

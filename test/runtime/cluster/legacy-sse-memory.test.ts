/** Legacy SSE sessions across instances in one process: a `MemoryBusNetwork` and one `MemorySessionStore`. */
import { MemoryBusNetwork, MemoryEventStore, MemorySessionStore } from "../../../packages/runtime/src/entries/http.js";
import { quiet } from "./legacy-sse-harness.js";
import { legacySseClusterSuite } from "./legacy-sse-suite.js";

let network = new MemoryBusNetwork();

legacySseClusterSuite("memory bus and store", {
  store: async () => new MemorySessionStore(),
  instance: async () => ({ bus: network.bus({ logger: quiet }), eventStore: new MemoryEventStore() }),
  cleanup: async () => {
    network = new MemoryBusNetwork();
  },
});

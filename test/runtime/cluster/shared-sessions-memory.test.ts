/** Sessions shared between instances in one process: a `MemoryBusNetwork` and one `MemorySessionStore`. */
import { MemoryBusNetwork, MemorySessionStore } from "../../../packages/runtime/src/entries/http.js";
import { sharedSessionSuite } from "./shared-sessions-suite.js";

let network = new MemoryBusNetwork();

sharedSessionSuite("memory bus and store", {
  store: async () => new MemorySessionStore(),
  bus: async () => network.bus({ logger: { error: () => {}, warn: () => {} } }),
  cleanup: async () => {
    network = new MemoryBusNetwork();
  },
});

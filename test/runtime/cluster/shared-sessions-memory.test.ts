/** Sessions shared between instances in one process: a `MemoryBusNetwork`, one `MemorySessionStore` and one `MemoryEventStore`. */
import { MemoryBusNetwork, MemoryEventStore, MemorySessionStore } from "../../../packages/runtime/src/entries/http.js";
import { sharedSessionSuite } from "./shared-sessions-suite.js";

let network = new MemoryBusNetwork();
let events = new MemoryEventStore();

sharedSessionSuite("memory bus and stores", {
  store: async () => new MemorySessionStore(),
  instance: async () => ({ bus: network.bus({ logger: { error: () => {}, warn: () => {} } }), eventStore: events }),
  cleanup: async () => {
    network = new MemoryBusNetwork();
    events = new MemoryEventStore();
  },
});

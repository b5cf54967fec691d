/** The shared store suite against the in-memory default. */
import { MemorySessionStore } from "../../../packages/runtime/src/entries/http.js";
import { sessionStoreSuite } from "./store-suite.js";

sessionStoreSuite("MemorySessionStore", {
  open: async () => new MemorySessionStore(),
  // One process, one map: the "other instance" is the same store.
  peer: async (store) => store,
});

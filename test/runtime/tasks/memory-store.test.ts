/** The shared task store suite against the in-memory default. */
import { MemoryTaskStore } from "../../../packages/runtime/src/index.js";
import { taskStoreSuite } from "./store-suite.js";

taskStoreSuite("MemoryTaskStore", {
  open: async (options = {}) => new MemoryTaskStore(options),
  // One process, one map: the "other instance" is the same store.
  peer: async (store) => store,
});

/** The shared store suite against the in-memory default. */
import { MemoryAuthorizationStore } from "../../../packages/runtime/src/oauth-server/memory-store.js";
import { authorizationStoreSuite } from "./store-suite.js";

authorizationStoreSuite("MemoryAuthorizationStore", {
  open: async () => new MemoryAuthorizationStore(),
  // One process, one set of maps: the "other instance" is the same store.
  peer: async (store) => store,
});

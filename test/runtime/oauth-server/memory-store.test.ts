/** The shared store suite against the in-memory default. */
import { describe, expect, it } from "vitest";
import { MemoryAuthorizationStore } from "../../../packages/runtime/src/oauth-server/memory-store.js";
import { authorizationStoreSuite } from "./store-suite.js";

authorizationStoreSuite("MemoryAuthorizationStore", {
  open: async () => new MemoryAuthorizationStore(),
  // One process, one set of maps: the "other instance" is the same store.
  peer: async (store) => store,
});

describe("MemoryAuthorizationStore bounds", () => {
  it("keeps at most maxClients registrations, forgetting the earliest", async () => {
    const store = new MemoryAuthorizationStore({ maxClients: 2 });
    const client = (clientId: string) => ({
      clientId,
      authMethod: "none" as const,
      redirectUris: [],
      grantTypes: ["authorization_code" as const],
      issuedAt: 0,
      metadata: {},
    });
    for (const id of ["a", "b", "c"]) await store.putClient(client(id));
    expect(await store.getClient("a")).toBeUndefined();
    expect((await store.getClient("b"))?.clientId).toBe("b");
    expect((await store.getClient("c"))?.clientId).toBe("c");
    expect(() => new MemoryAuthorizationStore({ maxClients: 0 })).toThrow(/positive integer/);
  });
});

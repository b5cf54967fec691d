/**
 * The official MCP SDK v2 client on protocol 2026-07-28, the stateless era: no
 * `initialize`, a `server/discover` probe at connect, the version and client
 * capabilities in every request's `_meta`, elicitation, sampling and roots as
 * `input_required` results the client fulfils and retries, `subscriptions/listen`
 * instead of `resources/subscribe`, cache hints on lists and reads.
 *
 * The same scenarios as sdk-v2-interop.test.ts, with the client pinned to
 * 2026-07-28 (no fallback: a server whose `server/discover` does not offer it fails
 * every group at connect), plus what only this era has: the `auto` probe, cache
 * hints, -32021, and input requests handled by hand.
 */
import { type InputRequiredResult, type ListToolsResult, MissingRequiredClientCapabilityError, type ReadResourceResult } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { AUTO, MODERN_VERSION, PINNED_MODERN, connectV2 } from "../helpers/sdk-v2.js";
import { describeScenarios } from "./sdk-v2-scenarios.js";

/** Cache hints (server/utilities/caching), which the client passes through on the results it returns. */
function expectCacheHint(result: ListToolsResult | ReadResourceResult): void {
  const { ttlMs, cacheScope } = result as { ttlMs?: unknown; cacheScope?: unknown };
  expect(Number.isSafeInteger(ttlMs) && (ttlMs as number) >= 0, `ttlMs ${String(ttlMs)}`).toBe(true);
  expect(["public", "private"]).toContain(cacheScope);
}

for (const kind of ["stdio", "http"] as const) {
  describe(`SDK v2 client at ${MODERN_VERSION} over ${kind}`, () => {
    it("auto mode picks 2026-07-28 from server/discover and learns the server from it", async () => {
      const peer = await connectV2("everything", kind, AUTO);
      try {
        expect(peer.version()).toBe(MODERN_VERSION);
        expect(peer.client.getDiscoverResult()?.supportedVersions).toContain(MODERN_VERSION);
        expect(peer.client.getServerVersion()).toMatchObject({ name: "everything", version: "1.0.0" });
        expect(peer.client.getInstructions()).toMatch(/^A test fixture for MCP conformance/);
      } finally {
        await peer.close();
      }
    });

    it("gets cache hints on lists and reads", async () => {
      const peer = await connectV2("everything", kind, PINNED_MODERN);
      try {
        expectCacheHint(await peer.client.listTools());
        expectCacheHint(await peer.client.readResource({ uri: "test://static-text" }));
      } finally {
        await peer.close();
      }
    });

    it("refuses a tool's ask for a capability the request did not declare with -32021", async () => {
      const peer = await connectV2("everything", kind, PINNED_MODERN, { elicitation: {} });
      try {
        const refused: unknown = await peer.client.callTool({ name: "test_missing_capability", arguments: {} }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(MissingRequiredClientCapabilityError);
        expect(refused).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
      } finally {
        await peer.close();
      }
    });

    it("hands input requests to a caller in manual mode, and refuses a retry with altered request state", async () => {
      const peer = await connectV2("everything", kind, PINNED_MODERN);
      try {
        const { client } = peer;
        const asked = (await client.callTool(
          { name: "test_input_required_result_tampered_state", arguments: {} },
          { allowInputRequired: true },
        )) as unknown as InputRequiredResult;
        expect(asked).toMatchObject({
          resultType: "input_required",
          inputRequests: { confirm: { method: "elicitation/create", params: { message: "Please confirm" } } },
        });
        const state = asked.requestState ?? "";
        const inputResponses = { confirm: { action: "accept", content: { ok: true } } };
        const altered = `${state.slice(0, -2)}${state.endsWith("AA") ? "BB" : "AA"}`;
        // The typed params have no retry fields; the client sends them as given (its own driver does the same).
        const retry = (requestState: string) => ({ inputResponses, requestState });
        await expect(client.callTool({ name: "test_input_required_result_tampered_state", arguments: {}, ...retry(altered) })).rejects.toMatchObject({
          code: -32602,
        });
        const retried = await client.callTool({ name: "test_input_required_result_tampered_state", arguments: {}, ...retry(state) });
        expect(retried.content).toEqual([{ type: "text", text: "Confirmed: true" }]);
      } finally {
        await peer.close();
      }
    });

    describe(PINNED_MODERN.name, () => {
      describeScenarios(kind, PINNED_MODERN);
    });
  });
}

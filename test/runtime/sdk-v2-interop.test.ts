/**
 * The official MCP SDK v2 client (`@modelcontextprotocol/client`) against the
 * examples over stdio and Streamable HTTP, on the 2025-era `initialize` handshake:
 * the client's default, and older versions pinned through `supportedProtocolVersions`.
 * The 2026-07-28 runs of the same scenarios live in sdk-v2-stateless.test.ts.
 */
import { MissingRequiredClientCapabilityError } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { LEGACY, connectV2, httpTransport, legacyAt } from "../helpers/sdk-v2.js";
import { describeScenarios } from "./sdk-v2-scenarios.js";

for (const kind of ["stdio", "http"] as const) {
  describe(`SDK v2 client, ${LEGACY.name}, over ${kind}`, () => {
    describeScenarios(kind, LEGACY);
  });
}

describe("SDK v2 client version choice on the legacy handshake", () => {
  it("offers 2025-11-25 with no options, answers ping, and ends HTTP sessions with DELETE", async () => {
    const peer = await connectV2("calculator", "http", { name: "no options", options: {}, expectedVersion: "2025-11-25" });
    try {
      expect(peer.version()).toBe("2025-11-25");
      expect(peer.client.getProtocolEra()).toBe("legacy");
      expect(await peer.client.ping()).toEqual({});
      const transport = httpTransport(peer);
      expect(transport.sessionId).toBeDefined();
      await transport.terminateSession();
      expect(transport.sessionId).toBeUndefined();
    } finally {
      await peer.close();
    }
  });

  it("gets -32021 naming the capability when a tool asks for sampling the client did not declare", async () => {
    const peer = await connectV2("everything", "stdio", LEGACY, { elicitation: {} });
    try {
      expect(peer.version()).toBe(LEGACY.expectedVersion);
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

  for (const version of ["2025-06-18", "2025-03-26", "2024-11-05"]) {
    it(`gets ${version} when the client offers only that, and calls tools at it`, async () => {
      const peer = await connectV2("calculator", "stdio", legacyAt(version));
      try {
        expect(peer.version()).toBe(version);
        expect((await peer.client.callTool({ name: "add", arguments: { a: 2, b: 3 } })).content).toEqual([{ type: "text", text: "5" }]);
        expect((await peer.client.callTool({ name: "divide", arguments: { a: 17, b: 5 } })).content).toEqual([
          { type: "text", text: '{"quotient":3,"remainder":2}' },
        ]);
      } finally {
        await peer.close();
      }
    });
  }
});

/**
 * JSON-RPC batches: 2025-03-26 is the one protocol version that has them ("MUST
 * support receiving JSON-RPC batches"); every other version, and a connection not
 * yet initialized, refuses them with one -32600.
 */
import { describe, expect, it } from "vitest";
import { routes } from "../fixtures/runtime/routes.js";
import { POST_HEADERS, openSession, startFixture } from "./http/harness.js";
import { memoryClient } from "./helpers/memory-client.js";

const BATCH = [
  { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add", arguments: { a: 1, b: 2 } } },
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", id: "two", method: "tools/list" },
  { jsonrpc: "1.0", id: 3, method: "ping" },
];

describe("batches on a stream connection", () => {
  it("answers a 2025-03-26 batch with one array holding a reply per request", async () => {
    const client = memoryClient(routes);
    await client.initialize("2025-03-26");
    const before = client.sent.length;
    await client.raw(JSON.stringify(BATCH));
    const replies = client.sent.slice(before);
    expect(replies).toHaveLength(1);
    const batch = replies[0] as unknown as { id: unknown; result?: unknown; error?: { code: number } }[];
    expect(Array.isArray(batch)).toBe(true);
    expect(batch.map((reply) => reply.id)).toEqual([1, "two", 3]);
    // 2025-03-26 predates structuredContent: the sum comes as text only.
    expect(batch[0]?.result).toEqual({ content: [{ type: "text", text: '{"sum":3}' }] });
    expect(batch[2]?.error?.code).toBe(-32600);
  });

  it("sends nothing back for a batch of notifications only", async () => {
    const client = memoryClient(routes);
    await client.initialize("2025-03-26");
    const before = client.sent.length;
    await client.raw(JSON.stringify([{ jsonrpc: "2.0", method: "notifications/initialized" }]));
    expect(client.sent.length).toBe(before);
  });

  it.each([["2025-06-18"], ["2025-11-25"], ["2024-11-05"]])("refuses a batch on %s with one -32600", async (version) => {
    const client = memoryClient(routes);
    await client.initialize(version);
    const before = client.sent.length;
    await client.raw(JSON.stringify(BATCH));
    expect(client.sent.slice(before)).toEqual([
      { jsonrpc: "2.0", error: { code: -32600, message: `Invalid request: batches are accepted on protocol version 2025-03-26 only, not ${version}` } },
    ]);
  });

  it("refuses a batch before initialize, and an empty batch", async () => {
    const client = memoryClient(routes);
    await client.raw(JSON.stringify(BATCH));
    await client.raw("[]");
    expect(client.sent.map((message) => (message as { error?: { code: number } }).error?.code)).toEqual([-32600, -32600]);
  });
});

describe("batches over Streamable HTTP sessions", () => {
  it("answers a 2025-03-26 batch POST with a JSON array, and refuses one on 2025-11-25", async () => {
    const fixture = await startFixture();
    {
      for (const [version, expected] of [
        ["2025-03-26", 200],
        ["2025-11-25", 400],
      ] as const) {
        const session = await openSession(fixture.url, version);
        const response = await fetch(fixture.url, {
          method: "POST",
          headers: { ...POST_HEADERS, "mcp-session-id": session, "mcp-protocol-version": version },
          body: JSON.stringify(BATCH),
        });
        expect(response.status, version).toBe(expected);
        const body = await response.json();
        if (expected === 200) expect((body as { id: unknown }[]).map((reply) => reply.id)).toEqual([1, "two", 3]);
        else expect(body).toMatchObject({ error: { code: -32600 } });
      }
    }
  });
});

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { spawnRaw } from "../helpers/spawn-fixture.js";

const ENTRY = fileURLToPath(new URL("./fixtures/stdio-observed-server.ts", import.meta.url));
const initialize = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};

describe("observers on the stdio transport", () => {
  it("never write to stdout: audit lines go to stderr, stdout carries JSON-RPC only", async () => {
    const server = spawnRaw(["--import", "tsx", "--conditions=turbomcp-source", ENTRY]);
    server.send(initialize);
    server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    server.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add", arguments: { a: 2, b: 3 } } });
    server.send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "missing", arguments: {} } });
    server.send({ jsonrpc: "2.0", id: 3, method: "ping" });
    await server.waitFor((line) => line.id === 3);
    expect(await server.finish()).toBe(0);

    expect(server.noise).toEqual([]);
    expect(server.lines.every((line) => (line as { jsonrpc?: unknown }).jsonrpc === "2.0")).toBe(true);
    expect(server.lines.filter((line) => "id" in (line as object))).toHaveLength(4);

    const stderr = server.stderr().split("\n");
    const audit = stderr.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
    // Requests run concurrently, so lines come in the order the replies were sent.
    expect(audit).toHaveLength(4);
    expect(audit.map((line) => [line.method, line.tool, line.outcome, line.errorCode])).toEqual(
      expect.arrayContaining([
        ["initialize", undefined, "ok", undefined],
        ["tools/call", "add", "ok", undefined],
        ["tools/call", "missing", "error", -32602],
        ["ping", undefined, "ok", undefined],
      ]),
    );
    expect(stderr).toContain('[metrics] mcp_requests_total{method="tools/call",outcome="ok"} 1');
    expect(stderr).toContain('[metrics] mcp_requests_total{method="tools/call",outcome="error"} 1');
  });
});

/**
 * Raw initialize lines to a spawned server: the version a client asks for decides
 * the version answered and the shape of what follows.
 */
import { afterEach, describe, expect, it } from "vitest";
import { spawnRaw, type RawServer } from "./helpers/spawn-fixture.js";

let server: RawServer | undefined;
afterEach(() => {
  server?.child.kill();
  server = undefined;
});

function initialize(id: number, protocolVersion: string) {
  return { jsonrpc: "2.0", id, method: "initialize", params: { protocolVersion, capabilities: {}, clientInfo: { name: "raw", version: "1" } } };
}

describe("protocol version negotiation over stdio", () => {
  const cases: ReadonlyArray<readonly [string, string, boolean]> = [
    // [requested, answered, tools carry title/outputSchema]
    ["2024-11-05", "2024-11-05", false],
    ["2025-06-18", "2025-06-18", true],
    ["2026-07-28", "2025-11-25", true],
    ["1999-12-31", "2025-11-25", true],
  ];
  it.each(cases)("client asks for %s → server answers %s", async (requested, answered, modernFields) => {
    server = spawnRaw();
    server.send(initialize(1, requested));
    const reply = await server.waitFor((line) => line.id === 1);
    expect(reply).toMatchObject({ jsonrpc: "2.0", id: 1, result: { protocolVersion: answered, serverInfo: { name: "fixture-server" } } });
    server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    server.send({ jsonrpc: "2.0", id: "list", method: "tools/list" });
    const list = (await server.waitFor((line) => line.id === "list")) as { result: { tools: Record<string, unknown>[] } };
    const add = list.result.tools.find((tool) => tool.name === "add");
    expect(add !== undefined && "outputSchema" in add).toBe(modernFields);
    expect(add !== undefined && "title" in add).toBe(modernFields);
    const completions = (reply.result as { capabilities: Record<string, unknown> }).capabilities.completions;
    expect(completions !== undefined).toBe(answered !== "2024-11-05");
    expect(await server.finish()).toBe(0);
    expect(server.noise).toEqual([]);
    expect(server.lines.every((line) => (line as { jsonrpc?: string }).jsonrpc === "2.0")).toBe(true);
  });
});

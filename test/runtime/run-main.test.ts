import { afterEach, describe, expect, it } from "vitest";
import { parseMainArgs } from "../../packages/runtime/src/index.js";
import { fixtureArgs, spawnRaw, type RawServer } from "./helpers/spawn-fixture.js";

describe("parseMainArgs", () => {
  it.each([
    [[], "stdio"],
    [["--transport", "stdio"], "stdio"],
    [["-t", "stdio"], "stdio"],
  ] as const)("%j → %s", (argv, transport) => {
    expect(parseMainArgs(argv)).toEqual({ transport });
  });
  it.each([
    [["--transport", "http"], { transport: "http" }],
    [["-t", "http", "--host", "::1", "--port", "0", "--path", "/rpc"], { transport: "http", host: "::1", port: 0, path: "/rpc" }],
    [
      ["-t", "http", "--allowed-host", "a.example", "--allowed-host", "b.example", "--allowed-origin", "https://a.example"],
      { transport: "http", allowedHosts: ["a.example", "b.example"], allowedOrigins: ["https://a.example"] },
    ],
  ] as const)("%j → %j", (argv, parsed) => {
    expect(parseMainArgs(argv)).toEqual(parsed);
  });
  it.each([
    [["--transport", "sse"], /unsupported transport "sse"; supported transports: stdio, http/],
    [["--port", "3"], /--port applies only to --transport http, ws or tcp/],
    [["--transport", "http", "--port", "70000"], /--port must be an integer from 0 to 65535, got "70000"/],
    [["--transport", "http", "--port", "3.5"], /--port must be an integer/],
    [["--transport", "http", "--bind", "x"], /Unknown option '--bind'/],
  ] as const)("%j fails with a clear message", (argv, message) => {
    expect(() => parseMainArgs(argv)).toThrow(message);
  });
});

describe("runMain in a real process", () => {
  let server: RawServer | undefined;
  afterEach(() => {
    server?.child.kill();
    server = undefined;
  });

  it("exits 1 listing the supported transports for an unknown one, with nothing on stdout", async () => {
    server = spawnRaw(fixtureArgs("--transport", "sse"));
    expect(await server.finish()).toBe(1);
    expect(server.stderr()).toMatch(/unsupported transport "sse"; supported transports: stdio/);
    expect(server.lines).toEqual([]);
  });

  it("keeps stdout pure JSON-RPC when a handler uses console.log", async () => {
    server = spawnRaw();
    server.send({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    });
    server.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "chatty", arguments: {} } });
    expect(await server.waitFor((line) => line.id === 1)).toMatchObject({ result: { content: [{ text: "said hello" }] } });
    expect(await server.finish()).toBe(0);
    expect(server.noise).toEqual([]);
    expect(server.stderr()).toContain("hello from console.log");
  });

  it("survives a handler's stray rejection and throwing timer", async () => {
    server = spawnRaw();
    server.send({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    });
    server.send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "leak", arguments: {} } });
    await server.waitFor((line) => line.id === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.send({ jsonrpc: "2.0", id: 2, method: "ping" });
    expect(await server.waitFor((line) => line.id === 2)).toEqual({ jsonrpc: "2.0", id: 2, result: {} });
    expect(server.stderr()).toMatch(/stray rejection[\s\S]*stray timer|stray timer[\s\S]*stray rejection/);
    expect(await server.finish()).toBe(0);
  });

  it("exits 0 on stdin EOF", async () => {
    server = spawnRaw();
    server.send({ jsonrpc: "2.0", id: 1, method: "ping" });
    await server.waitFor((line) => line.id === 1);
    expect(await server.finish()).toBe(0);
  });
});

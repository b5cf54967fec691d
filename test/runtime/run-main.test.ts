import { afterEach, describe, expect, it } from "vitest";
import { parseMainArgs } from "../../runtime/index.js";
import { fixtureArgs, spawnRaw, type RawServer } from "./helpers/spawn-fixture.js";

describe("parseMainArgs", () => {
  it.each([[[], "stdio"], [["--transport", "stdio"], "stdio"], [["-t", "stdio"], "stdio"]] as const)("%j → %s", (argv, transport) => {
    expect(parseMainArgs(argv)).toEqual({ transport });
  });
  it.each([[["--transport", "http"], /unsupported transport "http"; supported transports: stdio/], [["--port", "3"], /Unknown option '--port'/]] as const)(
    "%j fails with a clear message",
    (argv, message) => {
      expect(() => parseMainArgs(argv)).toThrow(message);
    },
  );
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

  it("exits 0 on stdin EOF", async () => {
    server = spawnRaw();
    server.send({ jsonrpc: "2.0", id: 1, method: "ping" });
    await server.waitFor((line) => line.id === 1);
    expect(await server.finish()).toBe(0);
  });
});

/** `runMain --transport http` in a real process: prints its URL, serves, exits 0 on SIGTERM. */
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, fixtureArgs } from "../helpers/spawn-fixture.js";
import { POST_HEADERS, openSession } from "./harness.js";

let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill("SIGKILL");
  child = undefined;
});

function start(...args: string[]): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const started = spawn(process.execPath, fixtureArgs("--transport", "http", ...args), { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
  child = started;
  let stderr = "";
  started.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => started.on("exit", (code) => resolve(code)));
  return { child: started, stderr: () => stderr, exited };
}

describe("runMain --transport http", () => {
  it("serves on the printed URL and shuts down cleanly on SIGTERM", async () => {
    const server = start("--port", "0", "--path", "/rpc");
    await expect.poll(() => server.stderr(), { timeout: 15_000 }).toMatch(/MCP endpoint \(Streamable HTTP\): http:\/\/127\.0\.0\.1:\d+\/rpc\n/);
    const url = /(http:\/\/\S+)/.exec(server.stderr())![1]!;
    const session = await openSession(url);
    const ping = await fetch(url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": session },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(await ping.json()).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("refuses to bind beyond loopback without allowedHosts, with a clear message and exit code 1", async () => {
    const server = start("--host", "0.0.0.0", "--port", "0");
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toMatch(/binding 0\.0\.0\.0 serves other machines: set allowedHosts/);
    expect(server.stderr()).not.toMatch(/\n\s+at /);
  });
});

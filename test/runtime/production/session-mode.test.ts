/**
 * `sessions.mode` from the runtime config reaches the Streamable HTTP endpoint of a
 * server started by runMain: from `TURBOMCP_SESSION_MODE` and from the config file,
 * with the manifest's JWT authentication still applied to every request.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, describe, expect, it } from "vitest";
import { resolveRuntimeConfig } from "../../../packages/runtime/src/index.js";
import { LEGACY } from "../../helpers/sdk-v2.js";
import { start, token, type Started } from "./kit.js";

const folder = mkdtempSync(path.join(tmpdir(), "turbomcp-session-mode-"));
const servers: Started[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(folder, { recursive: true, force: true });
});

async function serve(args: readonly string[], env: Record<string, string> = {}): Promise<Started> {
  const server = await start(["--transport", "http", "--port", "0", ...args], env);
  servers.push(server);
  return server;
}

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
};

function initialize(url: string, bearer: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${bearer}` },
    body: JSON.stringify(INITIALIZE),
  });
}

describe("sessions.mode through runMain", { timeout: 60_000 }, () => {
  it("TURBOMCP_SESSION_MODE=stateless: the SDK v2 client works without a session, authenticated on every request", async () => {
    const server = await serve([], { TURBOMCP_SESSION_MODE: "stateless" });
    const alice = await token("alice", "notes:read");
    const client = new Client({ name: "session-mode", version: "1.0.0" }, LEGACY.options);
    const transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: `Bearer ${alice}` } } });
    await client.connect(transport);
    try {
      expect(transport.sessionId).toBeUndefined();
      expect(await client.callTool({ name: "whoami", arguments: {} })).toMatchObject({ content: [{ type: "text", text: "subject: alice" }] });
    } finally {
      await client.close();
    }
    // No session to lean on: a later request without credentials is refused on its own.
    const anonymous = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(anonymous.status).toBe(401);
    const bob = await token("bob", "notes:read");
    const get = await fetch(server.url, { headers: { accept: "text/event-stream", authorization: `Bearer ${bob}` } });
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
  });

  it("sessions.mode in the config file; stateful when unset", async () => {
    const file = path.join(folder, "stateless.json");
    writeFileSync(file, JSON.stringify({ sessions: { mode: "stateless" } }));
    const [stateless, stateful] = await Promise.all([serve(["--config", file]), serve([])]);
    const alice = await token("alice", "notes:read");
    const without = await initialize(stateless.url, alice);
    expect(without.status).toBe(200);
    expect(without.headers.get("mcp-session-id")).toBeNull();
    const withSession = await initialize(stateful.url, alice);
    expect(withSession.status).toBe(200);
    expect(withSession.headers.get("mcp-session-id")).toEqual(expect.any(String));
  });

  it("refuses an unknown mode at start-up, naming its source", () => {
    expect(resolveRuntimeConfig({ env: {} }).sessions.mode).toBe("stateful");
    expect(resolveRuntimeConfig({ env: { TURBOMCP_SESSION_MODE: "stateless" } }).sessions.mode).toBe("stateless");
    expect(() => resolveRuntimeConfig({ env: { TURBOMCP_SESSION_MODE: "off" } })).toThrow(/TURBOMCP_SESSION_MODE: must be one of "stateful", "stateless"/);
  });
});

/**
 * Regression: `--transport ws`, `tcp` and `unix` served anonymous callers although
 * the manifest's auth was required. Through `runMain` in a real process, with the
 * fixture's manifest (JWT, required): WebSocket upgrades are authenticated with the
 * manifest's authenticator; TCP and Unix sockets, which carry no credentials, do not
 * start unless `trustLocalSockets` vouches for their clients, and never on a TCP
 * host the network can reach.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { LineClientTransport, socketAddress } from "../../helpers/line-client.js";
import { start, startFails, token } from "./kit.js";

const folder = mkdtempSync(path.join(tmpdir(), "turbomcp-socket-auth-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Resolves with the open socket, or with the HTTP status and WWW-Authenticate that refused the upgrade. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<WebSocket | { status: number; challenge: string | undefined }> {
  const socket = new WebSocket(url, "mcp", { headers });
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(socket));
    socket.once("unexpected-response", (_req, res) => {
      resolve({ status: res.statusCode ?? 0, challenge: res.headers["www-authenticate"] });
      res.resume();
    });
    socket.once("error", reject);
  });
}

/** One tools/call on an initialised socket; resolves with the reply. */
async function callOver(socket: WebSocket, name: string): Promise<Record<string, unknown>> {
  const replies = new Map<number, (message: Record<string, unknown>) => void>();
  socket.on("message", (data: Buffer) => {
    const message = JSON.parse(data.toString("utf8")) as Record<string, unknown>;
    replies.get(message.id as number)?.(message);
  });
  const send = (id: number, method: string, params: object) =>
    new Promise<Record<string, unknown>>((resolve) => {
      replies.set(id, resolve);
      socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  await send(0, "initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } });
  socket.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
  return send(1, "tools/call", { name, arguments: {} });
}

describe("runMain with a manifest whose auth is required", { timeout: 60_000 }, () => {
  it("--transport ws refuses an upgrade without credentials and serves a token's principal with its scopes", async () => {
    const server = await start(["--transport", "ws", "--port", "0"]);
    try {
      expect(await upgrade(server.url)).toEqual({ status: 401, challenge: expect.stringMatching(/^Bearer realm="mcp"/) });
      expect(await upgrade(server.url, { authorization: "Bearer not-a-token" })).toMatchObject({ status: 401 });
      const socket = await upgrade(server.url, { authorization: `Bearer ${await token("ada", "notes:read")}` });
      if (!(socket instanceof WebSocket)) throw new Error(`refused with ${socket.status}`);
      expect(await callOver(socket, "whoami")).toMatchObject({ result: { content: [{ type: "text", text: "subject: ada" }] } });
      const again = await upgrade(server.url, { authorization: `Bearer ${await token("ada", "notes:read")}` });
      if (!(again instanceof WebSocket)) throw new Error(`refused with ${again.status}`);
      expect(await callOver(again, "erase")).toMatchObject({ error: { code: -32003 } });
      socket.terminate();
      again.terminate();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("--transport tcp exits 1, naming the transport and the fix", async () => {
    const { code, stderr } = await startFails(["--transport", "tcp", "--port", "0"]);
    expect(code).toBe(1);
    expect(stderr).toContain("error: the manifest requires authentication (auth.required), but --transport tcp carries no credentials");
    expect(stderr).toContain("--transport http or ws");
    expect(stderr).toContain("TURBOMCP_TRUST_LOCAL_SOCKETS=true");
  });

  it("--transport unix exits 1 likewise", async () => {
    const { code, stderr } = await startFails(["--transport", "unix", "--socket", path.join(folder, "refused.sock")]);
    expect(code).toBe(1);
    expect(stderr).toContain("--transport unix carries no credentials");
  });

  it("--transport tcp on 127.0.0.1 starts with trustLocalSockets, its clients the local user (scopes do not apply)", async () => {
    const server = await start(["--transport", "tcp", "--host", "127.0.0.1", "--port", "0"], { TURBOMCP_TRUST_LOCAL_SOCKETS: "true" });
    const client = new Client({ name: "socket-auth", version: "1.0.0" });
    try {
      await client.connect(new LineClientTransport(socketAddress(server.url)));
      expect((await client.callTool({ name: "erase", arguments: {} })).content).toEqual([{ type: "text", text: "erased" }]);
    } finally {
      await client.close();
      expect(await server.stop()).toBe(0);
    }
  });

  it("--transport tcp on 0.0.0.0 exits 1 even with trustLocalSockets: the network must never be trusted", async () => {
    const { code, stderr } = await startFails(["--transport", "tcp", "--host", "0.0.0.0", "--port", "0"], { TURBOMCP_TRUST_LOCAL_SOCKETS: "true" });
    expect(code).toBe(1);
    expect(stderr).toContain(
      "error: trustLocalSockets treats every TCP client as the local user, so it needs a loopback host, but 0.0.0.0 is reachable from other machines",
    );
  });
});

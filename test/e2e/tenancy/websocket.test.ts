/**
 * Tenancy over WebSocket on a real team-notes process: the tenant is resolved at the
 * upgrade from the same credentials as on HTTP, a socket that names none is refused
 * before it opens, and every message of a socket is served in its tenant, under its
 * policy and limits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { Started } from "../../runtime/production/kit.js";
import { KEYS, startExample, token } from "./kit.js";

let server: Started;
beforeAll(async () => {
  server = await startExample(["--transport", "ws", "--port", "0"]);
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

interface Reply {
  readonly id: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly code: number; readonly message: string };
}

/** An initialized MCP connection over one socket, with these upgrade headers. */
async function open(headers: Record<string, string>): Promise<{ request: (method: string, params?: object) => Promise<Reply>; close: () => void }> {
  const socket = new WebSocket(server.url, "mcp", { headers });
  const waiting = new Map<number, (reply: Reply) => void>();
  socket.on("message", (data: Buffer) => {
    const message = JSON.parse(data.toString()) as Reply;
    waiting.get(message.id)?.(message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${String(res.statusCode)}`)));
    socket.once("error", reject);
  });
  let next = 0;
  const request = (method: string, params: object = {}): Promise<Reply> => {
    const id = ++next;
    socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    return new Promise((resolve) => waiting.set(id, resolve));
  };
  await request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "ws-e2e", version: "1" } });
  socket.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
  return { request, close: () => socket.close() };
}

function text(reply: Reply): string {
  const [first] = (reply.result?.content ?? []) as { text?: string }[];
  return first?.text ?? "";
}

describe("tenancy over WebSocket", () => {
  it("serves every message of a socket in the tenant its upgrade's credentials name", async () => {
    const acme = await open({ "x-api-key": KEYS.acme.key });
    const umbrella = await open({ authorization: `Bearer ${await token("ws-analyst", "umbrella")}` });
    await acme.request("tools/call", { name: "create_note", arguments: { title: "ws acme", body: "" } });
    expect(text(await acme.request("tools/call", { name: "search_notes", arguments: { query: "ws" } }))).toMatch(/ws acme$/);
    expect(text(await umbrella.request("tools/call", { name: "search_notes", arguments: { query: "ws" } }))).toBe('No notes match "ws".');
    acme.close();
    umbrella.close();
  });

  it("applies the tenant's policy to lists and calls", async () => {
    const globex = await open({ "x-api-key": KEYS.globex.key });
    const tools = (await globex.request("tools/list")).result?.tools as { name: string }[];
    expect(tools.map((tool) => tool.name)).toEqual(["create_note", "get_note", "search_notes", "build_report"]);
    expect((await globex.request("tools/call", { name: "purge_notes", arguments: {} })).error).toMatchObject({ code: -32003 });
    globex.close();
  });

  it("holds a socket's tenant to maxConcurrentRequests (globex: 2)", async () => {
    const globex = await open({ "x-api-key": KEYS.globex.key });
    const replies = await Promise.all([1, 2, 3].map(() => globex.request("tools/call", { name: "build_report", arguments: { ms: 500 } })));
    expect(replies.filter((reply) => reply.error?.code === -32004)).toHaveLength(1);
    globex.close();
  });

  it("refuses the upgrade of credentials that belong to no tenant, or of none at all", async () => {
    await expect(open({ "x-api-key": KEYS.loner.key })).rejects.toThrow(/upgrade refused: 403/);
    await expect(open({})).rejects.toThrow(/upgrade refused: 401/);
  });
});

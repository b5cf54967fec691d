/**
 * Regression: `--transport ws` served anonymous callers although the manifest said
 * `auth.required`. The upgrade is now authenticated with the HTTP endpoint's
 * authenticator: a refusal is the same 401/403 with a JSON-RPC body and no socket;
 * an accepted principal is the caller of every message, so route scopes apply.
 */
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createAuthenticator, generateApiKey } from "../../../packages/runtime/src/entries/auth.js";
import { defineRoutes, toolRoute, type ServerLogger, type TransportListener } from "../../../packages/runtime/src/index.js";
import { listenWebSocket } from "../../../packages/runtime/src/entries/sockets.js";
import { compile } from "../../fixtures/runtime/validators.js";
import { rawRequest, type RawHeaders, type RawResponse } from "../../helpers/raw-http.js";

const noInput = { type: "object", properties: {}, additionalProperties: false } as const;
const whoami = (name: string, scopes: string[]) =>
  toolRoute<object, string>({
    definition: { name, inputSchema: noInput },
    validateInput: compile(noInput),
    handler: (_input, ctx) => `${name} for ${ctx.principal?.subject ?? "anonymous"}`,
    policy: { scopes },
  });

const routes = defineRoutes({
  server: { name: "ws-auth", version: "1.0.0" },
  tools: [whoami("read_notes", ["notes:read"]), whoami("erase_notes", ["notes:admin"])],
  auth: { schemes: [{ type: "apiKey", header: "x-api-key", prefix: "tmcp_", keysEnv: "KEYS" }], required: true, hideUnauthorized: false },
});
const { key: KEY, hash } = generateApiKey("tmcp_");
const authenticator = createAuthenticator(routes.auth!, { env: { KEYS: JSON.stringify([{ id: "alice", hash, scopes: ["notes:read"] }]) } });
const quiet: ServerLogger = { error: () => {}, warn: () => {} };

const open = new Set<TransportListener>();
const sockets = new Set<WebSocket>();
afterEach(async () => {
  for (const socket of sockets) socket.terminate();
  sockets.clear();
  await Promise.all([...open].map((listener) => listener.close()));
  open.clear();
});

async function start(): Promise<{ url: string; port: number }> {
  const listener = await listenWebSocket(routes, { port: 0, logger: quiet, authenticator });
  open.add(listener);
  return { url: listener.url, port: Number(new URL(listener.url).port) };
}

/** A WebSocket upgrade request over a bare socket: the answer the server sends instead of 101, headers and body included. */
async function upgrade(port: number, headers: RawHeaders = {}): Promise<RawResponse> {
  const response = await rawRequest(port, {
    method: "GET",
    headers: {
      "content-length": undefined,
      connection: "Upgrade",
      upgrade: "websocket",
      "sec-websocket-version": "13",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
      "sec-websocket-protocol": "mcp",
      ...headers,
    },
  });
  if (response === undefined) throw new Error("no answer to the upgrade");
  return response;
}

async function connect(url: string, headers: Record<string, string>): Promise<WebSocket> {
  const socket = new WebSocket(url, "mcp", { headers });
  sockets.add(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return socket;
}

/** Sends one request and resolves with the reply of the same id. */
function request(socket: WebSocket, id: number, method: string, params: object): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const message = JSON.parse(data.toString("utf8")) as Record<string, unknown>;
      if (message.id !== id) return;
      socket.off("message", onMessage);
      resolve(message);
    };
    socket.on("message", onMessage);
    socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
  });
}

describe("WebSocket authentication at the upgrade", () => {
  it("answers an upgrade without credentials with 401, WWW-Authenticate and a JSON-RPC error, and never upgrades", async () => {
    const { port } = await start();
    const response = await upgrade(port);
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer realm="mcp"/);
    expect(response.headers.upgrade).toBeUndefined();
    expect(response.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(response.body)).toMatchObject({ jsonrpc: "2.0", error: { code: -32001, message: "Authentication required" } });
  });

  it("answers a wrong key with 401 invalid_token, without echoing it", async () => {
    const { port } = await start();
    const response = await upgrade(port, { "x-api-key": "tmcp_wrong-key" });
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/error="invalid_token"/);
    expect(response.body).not.toContain("tmcp_wrong-key");
  });

  it("refuses the ws client without credentials: it never opens", async () => {
    const { url } = await start();
    await expect(connect(url, {})).rejects.toThrow(/401/);
  });

  it("serves a valid key's socket as its principal: its scope's tool runs, another scope's is refused -32003", async () => {
    const { url } = await start();
    const socket = await connect(url, { "x-api-key": KEY });
    const init = await request(socket, 0, "initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } });
    expect(init).toHaveProperty("result");
    socket.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    expect(await request(socket, 1, "tools/call", { name: "read_notes", arguments: {} })).toMatchObject({
      result: { content: [{ type: "text", text: "read_notes for alice" }] },
    });
    expect(await request(socket, 2, "tools/call", { name: "erase_notes", arguments: {} })).toMatchObject({
      error: { code: -32003, message: expect.stringMatching(/notes:admin/) },
    });
  });
});

describe("an authenticator that throws", () => {
  it("answers the upgrade with 500 and no detail, and logs it", async () => {
    const errors: string[] = [];
    const broken = { authenticate: () => Promise.reject(new Error("JWKS at 10.0.0.7 timed out")) };
    const listener = await listenWebSocket(routes, { port: 0, logger: { error: (message) => errors.push(message), warn: () => {} }, authenticator: broken });
    open.add(listener);
    const response = await upgrade(Number(new URL(listener.url).port), { "x-api-key": KEY });
    expect(response.status).toBe(500);
    expect(response.body).not.toContain("10.0.0.7");
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: -32603, message: "Internal error" } });
    expect(errors).toEqual(["WebSocket upgrade admission failed (authenticator, tenant or limits)"]);
  });
});

describe("repeated Authorization headers", () => {
  const bearerRoutes = defineRoutes({
    server: { name: "ws-bearer", version: "1.0.0" },
    tools: [whoami("read_notes", ["notes:read"])],
    auth: { schemes: [{ type: "apiKey", header: "authorization", prefix: "tmcp_", keysEnv: "KEYS" }], required: true, hideUnauthorized: false },
  });

  it("are refused at the upgrade, not judged by the first one (Node keeps only the first in req.headers)", async () => {
    const bearer = createAuthenticator(bearerRoutes.auth!, { env: { KEYS: JSON.stringify([{ id: "alice", hash, scopes: ["notes:read"] }]) } });
    const listener = await listenWebSocket(bearerRoutes, { port: 0, logger: quiet, authenticator: bearer });
    open.add(listener);
    const port = Number(new URL(listener.url).port);
    const twice = await upgrade(port, { authorization: [`Bearer ${KEY}`, "Bearer tmcp_someone-else"] });
    expect(twice.status).toBe(400);
    expect(twice.headers["www-authenticate"]).toMatch(/error="invalid_request"/);
    // The same key once is accepted: the refusal above is about the repeat.
    const once = await connect(listener.url, { authorization: `Bearer ${KEY}` });
    expect(once.protocol).toBe("mcp");
  });
});

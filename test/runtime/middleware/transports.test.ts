/**
 * The middleware scenarios (scenarios.ts) over the transports chain.test.ts does not
 * cover: TCP, a Unix socket, WebSocket and the legacy HTTP+SSE transport on
 * 2024-11-05, each with the official SDK v1 client against the fixture server in
 * its own process, started as the transport suite starts it (served.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { WebSocketClientTransport } from "@modelcontextprotocol/sdk/client/websocket.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterAll } from "vitest";
import { WebSocket } from "ws";
import { DEFAULT_LEGACY_SSE_PATH } from "../../../packages/runtime/src/config/defaults.js";
import { LineClientTransport, socketAddress } from "../../helpers/line-client.js";
import { serveProcess, type ServedProcess } from "../transports/served.js";
import { fromV1 } from "./clients.js";
import { MIDDLEWARE_ENTRY, middlewareScenarios, type MiddlewareServed } from "./scenarios.js";

// The SDK's client uses the global WebSocket, which Node 20 has only behind a flag.
if (!("WebSocket" in globalThis)) Object.assign(globalThis, { WebSocket });

const dir = mkdtempSync(path.join(tmpdir(), "mcp-mw-unix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Connects the SDK client over `transport`, asking for `protocolVersion` in `initialize`. */
async function connect(server: ServedProcess, transport: Transport, protocolVersion = LATEST_PROTOCOL_VERSION): Promise<MiddlewareServed> {
  if (protocolVersion !== LATEST_PROTOCOL_VERSION) {
    // The SDK always asks for its latest version; a client from before Streamable HTTP asks for its own.
    const send = transport.send.bind(transport);
    transport.send = (message, options) =>
      send("method" in message && message.method === "initialize" ? { ...message, params: { ...message.params, protocolVersion } } : message, options);
  }
  const client = new Client({ name: "middleware-test", version: "1" });
  await client.connect(transport);
  return {
    client: fromV1(client),
    protocolVersion,
    stderr: server.stderr,
    async stop() {
      await client.close();
      await server.stop();
    },
  };
}

middlewareScenarios({
  name: "TCP",
  errorStatuses: {},
  async start() {
    const server = await serveProcess(MIDDLEWARE_ENTRY, ["--transport", "tcp", "--port", "0"], "TCP");
    return connect(server, new LineClientTransport(socketAddress(server.url)));
  },
});

middlewareScenarios({
  name: "a Unix socket",
  errorStatuses: {},
  async start() {
    const server = await serveProcess(MIDDLEWARE_ENTRY, ["--transport", "unix", "--socket", path.join(dir, "middleware.sock")], "Unix socket");
    return connect(server, new LineClientTransport(socketAddress(server.url)));
  },
});

middlewareScenarios({
  name: "WebSocket",
  errorStatuses: {},
  async start() {
    const server = await serveProcess(MIDDLEWARE_ENTRY, ["--transport", "ws", "--port", "0"], "WebSocket");
    return connect(server, new WebSocketClientTransport(new URL(server.url)));
  },
});

middlewareScenarios({
  name: "legacy HTTP+SSE (2024-11-05)",
  // The POST is answered 202; every reply, errors included, is a JSON-RPC message on the stream.
  errorStatuses: {},
  async start() {
    const server = await serveProcess(MIDDLEWARE_ENTRY, ["--transport", "http", "--port", "0"], "Streamable HTTP");
    return connect(server, new SSEClientTransport(new URL(DEFAULT_LEGACY_SSE_PATH, server.url)), "2024-11-05");
  },
});

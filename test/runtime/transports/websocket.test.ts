/**
 * The shared transport suite over WebSocket, driven by the official SDK's WebSocket
 * client; and `turbomcp serve` passing `--transport ws` through.
 */
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WebSocketClientTransport } from "@modelcontextprotocol/sdk/client/websocket.js";
import { afterAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ReplyQueue, streamChannel, type JsonRpcReply, type RawChannel } from "../../helpers/raw-channel.js";
import { killLeftovers, serveProcess } from "./served.js";
import { transportSuite } from "./transport-suite.js";

// The SDK's client uses the global WebSocket, which Node 20 has only behind a flag.
if (!("WebSocket" in globalThis)) Object.assign(globalThis, { WebSocket });

const CLI_ENTRY = fileURLToPath(new URL("../../helpers/cli-entry.ts", import.meta.url));

async function openChannel(url: string): Promise<RawChannel> {
  const socket = new WebSocket(url, "mcp");
  const queue = new ReplyQueue();
  socket.on("message", (data, isBinary) => {
    if (!isBinary) queue.push(JSON.parse((data as Buffer).toString("utf8")) as JsonRpcReply);
  });
  socket.on("close", () => queue.close("the server closed the socket"));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return streamChannel(
    queue,
    (text) => socket.send(text),
    async () => socket.close(),
  );
}

transportSuite({
  name: "WebSocket",
  async start(entry) {
    const served = await serveProcess(entry, ["--transport", "ws", "--port", "0"], "WebSocket");
    return {
      clientTransport: () => new WebSocketClientTransport(new URL(served.url)),
      raw: () => openChannel(served.url),
      stderr: served.stderr,
      stop: served.stop,
    };
  },
});

describe("turbomcp serve --transport ws", () => {
  afterAll(killLeftovers);

  it("passes the transport flags through to the server", async () => {
    const served = await serveProcess(CLI_ENTRY, ["serve", "examples/calculator/manifest.json", "--transport", "ws", "--port", "0"], "WebSocket");
    const client = new Client({ name: "serve-ws", version: "1.0.0" });
    await client.connect(new WebSocketClientTransport(new URL(served.url)));
    try {
      expect((await client.callTool({ name: "divide", arguments: { a: 7, b: 2 } })).structuredContent).toEqual({ quotient: 3, remainder: 1 });
    } finally {
      await client.close();
    }
    expect(await served.stop()).toBe(0);
  });
});

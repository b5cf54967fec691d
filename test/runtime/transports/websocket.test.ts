/** The shared transport suite over WebSocket, driven by the official SDK's WebSocket client. */
import { WebSocketClientTransport } from "@modelcontextprotocol/sdk/client/websocket.js";
import { WebSocket } from "ws";
import { ReplyQueue, streamChannel, type JsonRpcReply, type RawChannel } from "../../helpers/raw-channel.js";
import { serveProcess } from "./served.js";
import { transportSuite } from "./transport-suite.js";

// The SDK's client uses the global WebSocket, which Node 20 has only behind a flag.
if (!("WebSocket" in globalThis)) Object.assign(globalThis, { WebSocket });

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
  return streamChannel(queue, (text) => socket.send(text), async () => socket.close());
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

/**
 * A client for the TCP and Unix-socket transports: the official SDK's `Transport`
 * contract over newline-delimited JSON-RPC, framed by the SDK's own stdio reader so
 * it shares no code with the server it tests. Plus a raw channel on the same wire.
 */
import { connect, type Socket } from "node:net";
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { ReplyQueue, lineParser, streamChannel, type RawChannel } from "./raw-channel.js";

export type SocketAddress = { readonly host: string; readonly port: number } | { readonly path: string };

/** `tcp://127.0.0.1:4000` → host and port; `unix:/tmp/x.sock` → path. */
export function socketAddress(url: string): SocketAddress {
  if (url.startsWith("unix:")) return { path: url.slice("unix:".length) };
  const parsed = new URL(url);
  if (parsed.protocol !== "tcp:") throw new Error(`not a tcp:// or unix: URL: ${url}`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ""), port: Number(parsed.port) };
}

/** Opens a socket; rejects if the connection fails. */
export function openSocket(address: SocketAddress): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = "path" in address ? connect(address.path) : connect(address.port, address.host);
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve(socket);
    });
  });
}

export class LineClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  #socket: Socket | undefined;
  readonly #reader = new ReadBuffer();

  constructor(readonly address: SocketAddress) {}

  async start(): Promise<void> {
    const socket = await openSocket(this.address);
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#reader.append(chunk);
      try {
        for (let message = this.#reader.readMessage(); message !== null; message = this.#reader.readMessage()) this.onmessage?.(message);
      } catch (error) {
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.on("error", (error) => this.onerror?.(error));
    socket.on("close", () => this.onclose?.());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.#socket) throw new Error("not connected");
    this.#socket.write(serializeMessage(message));
  }

  /** Drops the connection at once, as a client that goes away does. */
  async close(): Promise<void> {
    this.#socket?.destroy();
  }
}

/** A raw line channel: each `exchange` writes one line. */
export async function openLineChannel(address: SocketAddress): Promise<RawChannel> {
  const socket = await openSocket(address);
  const queue = new ReplyQueue();
  socket.on("data", lineParser(queue));
  socket.on("error", () => {});
  socket.on("close", () => queue.close("the server closed the connection"));
  return streamChannel(
    queue,
    (text) => socket.write(`${text}\n`),
    async () => void socket.destroy(),
  );
}

/**
 * Graceful-shutdown tests drive a real server process (the fixture's entry through
 * `runMain`) and talk to it over one connection per transport: messages in, every
 * message out recorded, so a test can wait for a progress notification (the
 * request is in flight) before it sends the signal.
 */
import { type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { WebSocket } from "ws";
import { openSocket, socketAddress } from "../../helpers/line-client.js";
import { FIXTURE_ENTRY, serveProcess, type ServedProcess } from "../transports/served.js";

export type Message = Record<string, unknown>;

export const INITIALIZE: Message = {
  jsonrpc: "2.0",
  id: "init",
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "lifecycle-test", version: "1" } },
};
export const INITIALIZED: Message = { jsonrpc: "2.0", method: "notifications/initialized" };

/** The fixture's `echo`: `steps` rounds of about 5 ms, a progress notification each (it ignores its signal). */
export function echoCall(id: string, steps: number): Message {
  return { jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { text: id, steps }, _meta: { progressToken: id } } };
}

/** The text of an `echo` result, or undefined when `reply` is anything else. */
export function echoText(reply: Message | undefined): string | undefined {
  const result = reply?.result as { content?: { text?: unknown }[] } | undefined;
  const text = result?.content?.[0]?.text;
  return typeof text === "string" ? text : undefined;
}

/** Whether `message` is a progress notification for the request with this token. */
export const isProgressOf =
  (token: string) =>
  (message: Message): boolean =>
    message.method === "notifications/progress" && (message.params as { progressToken?: unknown } | undefined)?.progressToken === token;

export const isReplyTo =
  (id: string) =>
  (message: Message): boolean =>
    message.id === id && !("method" in message);

/** Every message one connection received, and a way to wait for the next that matches. */
export class Inbox {
  readonly messages: Message[] = [];
  #waiters = new Set<() => void>();
  #closed = false;

  push(message: Message): void {
    this.messages.push(message);
    for (const wake of [...this.#waiters]) wake();
  }

  close(): void {
    this.#closed = true;
    for (const wake of [...this.#waiters]) wake();
  }

  get closed(): boolean {
    return this.#closed;
  }

  waitFor(predicate: (message: Message) => boolean, timeoutMs = 20_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.messages.find(predicate);
        if (found !== undefined || this.#closed) {
          this.#waiters.delete(check);
          clearTimeout(timer);
          if (found !== undefined) resolve(found);
          else reject(new Error(`the connection closed first; received ${JSON.stringify(this.messages.slice(-5))}`));
        }
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`nothing matched within ${timeoutMs} ms; received ${this.messages.length} messages`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }
}

/** One client connection speaking JSON-RPC messages. */
export interface Wire {
  readonly inbox: Inbox;
  send(message: Message): void;
  close(): void;
}

function lineSplitter(inbox: Inbox): (chunk: Buffer) => void {
  let buffered = "";
  return (chunk) => {
    buffered += chunk.toString("utf8");
    for (let newline = buffered.indexOf("\n"); newline !== -1; newline = buffered.indexOf("\n")) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== "") inbox.push(JSON.parse(line) as Message);
    }
  };
}

/** Connects to a `tcp://`, `unix:` or `ws://` URL; rejects when the connection is refused. */
export async function connectWire(url: string): Promise<Wire> {
  const inbox = new Inbox();
  if (url.startsWith("ws://")) {
    const ws = new WebSocket(url, "mcp");
    ws.on("message", (data: Buffer) => inbox.push(JSON.parse(data.toString("utf8")) as Message));
    ws.on("close", () => inbox.close());
    const failed = once(ws, "error").then(([error]) => Promise.reject(error as Error));
    await Promise.race([once(ws, "open"), failed]);
    ws.on("error", () => {});
    return { inbox, send: (message) => ws.send(JSON.stringify(message)), close: () => ws.terminate() };
  }
  const socket = await openSocket(socketAddress(url));
  socket.on("data", lineSplitter(inbox));
  socket.on("error", () => {});
  socket.on("close", () => inbox.close());
  return { inbox, send: (message) => socket.write(`${JSON.stringify(message)}\n`), close: () => socket.destroy() };
}

/** A stdio wire over a child's stdin/stdout. */
export function stdioWire(child: ChildProcess): Wire {
  const inbox = new Inbox();
  child.stdout?.on("data", lineSplitter(inbox));
  child.stdout?.on("close", () => inbox.close());
  return { inbox, send: (message) => child.stdin?.write(`${JSON.stringify(message)}\n`), close: () => child.stdin?.end() };
}

/** Initializes a legacy (2025-11-25) connection. */
export async function initialize(wire: Wire): Promise<void> {
  wire.send(INITIALIZE);
  await wire.inbox.waitFor(isReplyTo("init"));
  wire.send(INITIALIZED);
}

export interface Exit {
  readonly code: number | null;
  /** Milliseconds from `since` to the exit. */
  readonly afterMs: number;
}

/** Resolves with the exit code and how long after `since` it came. */
export function exitOf(child: ChildProcess, since: () => number): Promise<Exit> {
  if (child.exitCode !== null) return Promise.resolve({ code: child.exitCode, afterMs: 0 });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, afterMs: Date.now() - since() })));
}

/** Resolves once stderr shows the server took the signal and started draining. */
export async function drainingStarted(stderr: () => string, signal = "SIGTERM", timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!stderr().includes(`${signal}: shutting down`)) {
    if (Date.now() - started > timeoutMs) throw new Error(`no shutdown line on stderr: ${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The fixture served by `runMain` on `transport`, found through its endpoint line. */
export function serveFixture(transport: "http" | "ws" | "tcp" | "unix", endpointName: string, ...args: string[]): Promise<ServedProcess> {
  return serveProcess(FIXTURE_ENTRY, ["--transport", transport, ...args], endpointName);
}

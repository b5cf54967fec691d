/**
 * Helpers for the legacy HTTP+SSE tests: example servers on 127.0.0.1:0, the
 * official SDK's SSEClientTransport with every message it receives recorded, and a
 * raw SSE reader for what the SDK client hides (the endpoint event, comments, the
 * end of a stream). Everything opened is closed after each test.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterEach } from "vitest";
import { listenHttp, type HttpListener, type ListenHttpOptions } from "../../../packages/runtime/src/entries/http.js";
import { type RouteTable, type ServerLogger } from "../../../packages/runtime/src/index.js";
import { specChecker } from "../../helpers/spec-schemas.js";

const listeners = new Set<HttpListener>();
const clients = new Set<Client>();
const streams = new Set<AbortController>();

afterEach(async () => {
  // Clients first: an SSE client whose stream the server ends would try to reconnect.
  await Promise.all([...clients].map((client) => client.close()));
  for (const stream of streams) stream.abort();
  await Promise.all([...listeners].map((listener) => listener.close()));
  clients.clear();
  streams.clear();
  listeners.clear();
});

export interface Started {
  readonly listener: HttpListener;
  /** The legacy SSE endpoint's URL. */
  readonly sse: string;
  readonly errors: string[];
}

export async function startLegacy(routes: RouteTable, options: ListenHttpOptions = {}): Promise<Started> {
  const errors: string[] = [];
  const logger: ServerLogger = { error: (message) => errors.push(message), warn: () => {} };
  const listener = await listenHttp(routes, { port: 0, logger, ...options });
  listeners.add(listener);
  if (listener.legacySseUrl === undefined) throw new Error("the legacy SSE endpoints are off");
  return { listener, sse: listener.legacySseUrl, errors };
}

export interface SdkConnection {
  readonly client: Client;
  readonly transport: SSEClientTransport;
  /** Every message the server sent, in order of arrival. */
  readonly received: JSONRPCMessage[];
  /** Method of each request the client sent, by id: what a response answers. */
  readonly methods: Map<string | number, string>;
}

export interface ConnectOptions {
  /** Rewrites the version the SDK asks for in `initialize` (it always asks for its latest). */
  readonly protocolVersion?: string;
  readonly headers?: Record<string, string>;
}

/** An SDK client over SSEClientTransport, with sampling and elicitation capabilities; handlers are the caller's. */
export async function connectSdk(sse: string, options: ConnectOptions = {}): Promise<SdkConnection> {
  const transport = new SSEClientTransport(new URL(sse), options.headers ? { requestInit: { headers: options.headers } } : undefined);
  const received: JSONRPCMessage[] = [];
  const methods = new Map<string | number, string>();
  const send = transport.send.bind(transport);
  transport.send = async (message) => {
    let outgoing = message;
    if ("method" in message && "id" in message) {
      methods.set(message.id, message.method);
      if (message.method === "initialize" && options.protocolVersion !== undefined) {
        outgoing = { ...message, params: { ...message.params, protocolVersion: options.protocolVersion } };
      }
    }
    return send(outgoing);
  };
  // Client.connect installs its own onmessage; record each message on the way through.
  // Undefined until then: Client.connect chains whatever handler it finds.
  let deliver: SSEClientTransport["onmessage"];
  const record = (message: JSONRPCMessage): void => {
    received.push(message);
    deliver?.(message);
  };
  Object.defineProperty(transport, "onmessage", {
    get: () => (deliver === undefined ? undefined : record),
    set: (handler: SSEClientTransport["onmessage"]) => {
      deliver = handler;
    },
  });
  const client = new Client({ name: "legacy-sse-test", version: "1.0.0" }, { capabilities: { sampling: {}, elicitation: {} } });
  await client.connect(transport);
  clients.add(client);
  return { client, transport, received, methods };
}

/** Requests whose result the spec types as another method's (both are EmptyResult). */
const RESULT_LIKE: Readonly<Record<string, string>> = { "resources/subscribe": "ping", "resources/unsubscribe": "ping" };

/** What the spec's schema for `version` finds wrong with everything the server sent on this connection. */
export function specProblems(connection: SdkConnection, version: string): string[] {
  const checker = specChecker(version);
  return connection.received.flatMap((message) => {
    const id = "id" in message && !("method" in message) ? message.id : undefined;
    const method = id === undefined ? undefined : connection.methods.get(id);
    const answered = method === undefined ? undefined : (RESULT_LIKE[method] ?? method);
    return checker.check(message, answered).map((problem) => `${JSON.stringify(message).slice(0, 160)}: ${problem}`);
  });
}

export interface SseEvent {
  /** `message`, `endpoint`, or `:` for a comment line. */
  readonly event: string;
  readonly data: string;
}

export interface RawStream {
  /** The announced POST URL, resolved against the stream's URL as clients do. */
  readonly endpoint: string;
  /** The next event, or undefined once the stream has ended. */
  next(): Promise<SseEvent | undefined>;
  /** The next `message` event's JSON, skipping comments. */
  nextMessage(): Promise<Record<string, unknown>>;
  /** Drops the connection from the client side. */
  close(): void;
}

function parseBlock(block: string): SseEvent {
  if (block.startsWith(":")) return { event: ":", data: block.slice(1).trim() };
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event: ")) event = line.slice(7);
    else if (line.startsWith("data: ")) data.push(line.slice(6));
  }
  return { event, data: data.join("\n") };
}

/** Opens a stream by hand and reads its first event, which must be `endpoint`. */
export async function openRaw(sse: string, headers: Record<string, string> = {}): Promise<RawStream> {
  const controller = new AbortController();
  streams.add(controller);
  const response = await fetch(sse, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  if (response.status !== 200 || response.body === null) throw new Error(`GET ${sse}: ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const next = async (): Promise<SseEvent | undefined> => {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parseBlock(block);
      }
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return undefined;
      buffer += decoder.decode(chunk.value as Uint8Array, { stream: true });
    }
  };
  const first = await next();
  if (first?.event !== "endpoint") throw new Error(`expected the endpoint event first, got ${JSON.stringify(first)}`);
  return {
    endpoint: new URL(first.data, sse).href,
    next,
    async nextMessage() {
      for (;;) {
        const event = await next();
        if (event === undefined) throw new Error("the stream ended");
        if (event.event === "message") return JSON.parse(event.data) as Record<string, unknown>;
      }
    },
    close: () => controller.abort(),
  };
}

export const JSON_HEADERS = { "content-type": "application/json" } as const;

/** POSTs one message (or any text) to a session's endpoint. */
export function post(endpoint: string, body: unknown, headers: Record<string, string> = JSON_HEADERS): Promise<Response> {
  return fetch(endpoint, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

export const initialize = (protocolVersion = "2024-11-05", id: string | number = 0) => ({
  jsonrpc: "2.0",
  id,
  method: "initialize",
  params: { protocolVersion, capabilities: { sampling: {} }, clientInfo: { name: "raw", version: "0" } },
});

/** Opens a raw stream and completes the initialize handshake on it. */
export async function openInitialized(sse: string): Promise<RawStream> {
  const stream = await openRaw(sse);
  const accepted = await post(stream.endpoint, initialize());
  if (accepted.status !== 202) throw new Error(`initialize POST: ${accepted.status}`);
  await stream.nextMessage();
  await post(stream.endpoint, { jsonrpc: "2.0", method: "notifications/initialized" });
  return stream;
}

/** Polls `check` until it holds; the test's own timeout bounds the wait. */
export async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

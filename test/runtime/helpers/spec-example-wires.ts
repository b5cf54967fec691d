/**
 * Two ways to put exact bytes in front of the server and see everything it sends back
 * for them: in process through `memoryClient` (the path stdio and the socket
 * transports take) and over real HTTP on loopback (`listenHttp`, 2026-07-28 Streamable
 * HTTP with the metadata headers derived from the body, as a conforming client sends them).
 */
import { afterEach } from "vitest";
import { listenHttp, type HttpListener } from "../../../packages/runtime/src/entries/http.js";
import { type RouteTable, type ServerLogger, type ServerOptions } from "../../../packages/runtime/src/index.js";
import { memoryClient } from "./memory-client.js";

export type Message = Readonly<Record<string, unknown>>;

export interface Reply {
  readonly id: string | number | null;
  readonly result?: Readonly<Record<string, unknown>>;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

/** What one message brought back: the reply (if any), what came before it, and the HTTP status. */
export interface Exchange {
  readonly reply: Reply | undefined;
  readonly notifications: readonly Message[];
  /** HTTP only. */
  readonly status?: number;
}

export interface ExampleConnection {
  /** Sends `text` as one message, byte for byte; `headers` replace derived HTTP headers (ignored in memory). */
  send(text: string, headers?: Readonly<Record<string, string>>): Promise<Exchange>;
}

export interface Wire {
  readonly name: string;
  open(routes: RouteTable): Promise<ExampleConnection>;
}

export type ExampleServerOptions = Pick<ServerOptions, "cacheHints" | "requestStateSecret" | "requestTimeoutMs">;

function split(messages: readonly Message[]): Exchange {
  const reply = messages.find((message) => !("method" in message)) as Reply | undefined;
  return { reply, notifications: messages.filter((message) => "method" in message) };
}

/** In process; `memoryClient` hands its options to `createServer` as they are. */
export function memoryWire(options: ExampleServerOptions): Wire {
  return {
    name: "in memory",
    open: async (routes) => {
      const client = memoryClient(routes, options);
      return {
        send: async (text) => {
          const from = client.sent.length;
          await client.raw(text);
          return split(client.sent.slice(from) as unknown as Message[]);
        },
      };
    },
  };
}

const NAMED: Readonly<Record<string, string>> = { "tools/call": "name", "resources/read": "uri", "prompts/get": "name" };

/** The Streamable HTTP headers a 2026-07-28 client sends for this body (basic/transports/streamable-http). */
export function metadataHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ...headers, "mcp-protocol-version": "2026-07-28" };
  }
  const { method, params } = body as { method?: unknown; params?: Record<string, unknown> };
  const version = (params?._meta as Record<string, unknown> | undefined)?.["io.modelcontextprotocol/protocolVersion"];
  headers["mcp-protocol-version"] = typeof version === "string" ? version : "2026-07-28";
  if (typeof method !== "string") return headers;
  headers["mcp-method"] = method;
  const field = NAMED[method];
  const name = field === undefined ? undefined : params?.[field];
  if (typeof name === "string") headers["mcp-name"] = name;
  return headers;
}

/** The JSON-RPC messages of a response body: one JSON value, or the `data:` lines of an SSE stream. */
function messagesOf(contentType: string, body: string): Message[] {
  if (contentType.startsWith("text/event-stream")) {
    return (
      body
        .split("\n")
        // A resumable stream's priming event carries an id and empty data.
        .filter((line) => line.startsWith("data: ") && line !== "data: ")
        .map((line) => JSON.parse(line.slice("data: ".length)) as Message)
    );
  }
  return body === "" ? [] : [JSON.parse(body) as Message];
}

export async function postMessage(url: string, text: string, headers?: Readonly<Record<string, string>>): Promise<Exchange> {
  const response = await fetch(url, { method: "POST", headers: { ...metadataHeaders(text), ...headers }, body: text });
  const messages = messagesOf(response.headers.get("content-type") ?? "", await response.text());
  return { ...split(messages), status: response.status };
}

const listeners = new Set<HttpListener>();

afterEach(async () => {
  await Promise.all([...listeners].map((listener) => listener.close()));
  listeners.clear();
});

/** A `listenHttp` server on 127.0.0.1:0 per connection, closed after each test; what it logs is kept, not printed. */
export async function listenExamples(routes: RouteTable, options: ExampleServerOptions, logged: string[] = []): Promise<HttpListener> {
  const logger: ServerLogger = { error: (message) => logged.push(message), warn: (message) => logged.push(message) };
  const listener = await listenHttp(routes, { port: 0, logger, ...options });
  listeners.add(listener);
  return listener;
}

export function httpWire(options: ExampleServerOptions): Wire {
  return {
    name: "over HTTP",
    open: async (routes) => {
      const { url } = await listenExamples(routes, options);
      return { send: (text, headers) => postMessage(url, text, headers) };
    },
  };
}

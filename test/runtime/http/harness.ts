/** Starts the fixture routes on 127.0.0.1:0 and closes every listener after each test. */
import { afterEach } from "vitest";
import { listenHttp, type HttpListener, type ListenHttpOptions } from "../../../packages/runtime/src/entries/http.js";
import { type ServerLogger } from "../../../packages/runtime/src/index.js";
import { routes } from "../../fixtures/runtime/routes.js";

const open = new Set<HttpListener>();

afterEach(async () => {
  await Promise.all([...open].map((listener) => listener.close()));
  open.clear();
});

export interface Harness {
  readonly url: string;
  readonly errors: string[];
  readonly listener: HttpListener;
}

export async function startFixture(options: ListenHttpOptions = {}): Promise<Harness> {
  const errors: string[] = [];
  const logger: ServerLogger = { error: (message) => errors.push(message), warn: () => {} };
  const listener = await listenHttp(routes, { port: 0, logger, ...options });
  open.add(listener);
  return { url: listener.url, errors, listener };
}

export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
} as const;

export const POST_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" } as const;

/** Initializes a session over raw fetch (at `version`, default 2025-11-25) and returns its id. */
export async function openSession(url: string, version: string = INITIALIZE.params.protocolVersion): Promise<string> {
  const initialize = { ...INITIALIZE, params: { ...INITIALIZE.params, protocolVersion: version } };
  const response = await fetch(url, { method: "POST", headers: POST_HEADERS, body: JSON.stringify(initialize) });
  const id = response.headers.get("mcp-session-id");
  await response.body?.cancel();
  if (response.status !== 200 || id === null) throw new Error(`initialize failed: ${response.status}`);
  return id;
}

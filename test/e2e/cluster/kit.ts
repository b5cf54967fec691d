/**
 * Clients for the cluster tests: single 2026-07-28 requests through the balancer
 * (raw HTTP, reporting the instance that answered), the official SDK v2
 * client, and a bounded load of concurrent keep-alive callers that records every
 * request's outcome.
 */
import { Agent, request as httpRequest } from "node:http";
import { Client, StreamableHTTPClientTransport, type ElicitRequest, type ElicitResult } from "@modelcontextprotocol/client";
import { BACKEND_HEADER } from "../../helpers/cluster.js";

export const MODERN = "2026-07-28";

/** Methods whose `Mcp-Name` header mirrors a body field (2026-07-28 "Request Metadata"). */
const NAMED: Readonly<Record<string, string>> = { "tools/call": "name", "resources/read": "uri", "prompts/get": "name" };

export interface Outcome {
  /** The `X-Request-Id` the request carried: how HAProxy's access log names it. */
  readonly id: string;
  readonly method: string;
  /** When it was sent and settled (`performance.now()`). */
  readonly started: number;
  readonly settled: number;
  /** An HTTP status from an instance with a JSON-RPC result (not an error). */
  readonly ok: boolean;
  /** The HTTP status, or undefined when the request got no response at all. */
  readonly status: number | undefined;
  /** `x-turbomcp-backend`: absent when HAProxy itself answered (or nothing did). */
  readonly backend: string | undefined;
  /** What went wrong: a connection error, or the start of the body. */
  readonly failure: string | undefined;
}

let sequence = 0;

/** Whether a reply (JSON, or SSE whose last `data:` line is the reply) is a JSON-RPC result. */
function hasResult(text: string): boolean {
  const data = text.trimStart().startsWith("{")
    ? text
    : (text
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .pop()
        ?.slice(5) ?? "");
  try {
    const reply = JSON.parse(data) as Record<string, unknown>;
    return "result" in reply && !("error" in reply);
  } catch {
    return false;
  }
}

/** Keep-alive connections, as many as there are callers: what an MCP client's fetch does. */
export const KEEP_ALIVE = new Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * A new connection for every request. HAProxy answers a request that failed on the
 * first request of a connection with a 502 it logs; on a later one it closes the
 * client's connection without a word (so the client may retry) and logs nothing.
 */
export const CONNECTION_PER_REQUEST = new Agent({ keepAlive: false });

interface Reply {
  readonly status: number;
  readonly backend: string | undefined;
  readonly body: string;
}

function post(url: string, headers: Record<string, string>, body: string, agent: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.once("error", reject);
      response.once("end", () => {
        const backend = response.headers[BACKEND_HEADER];
        resolve({ status: response.statusCode ?? 0, backend: typeof backend === "string" ? backend : undefined, body: text });
      });
    });
    request.once("error", reject);
    request.end(body);
  });
}

/** One stateless request through `url`, never throwing: its outcome. */
export async function send(url: string, method: string, params: Record<string, unknown> = {}, agent: Agent = KEEP_ALIVE): Promise<Outcome> {
  const id = `req-${process.pid}-${++sequence}`;
  const field = NAMED[method];
  const name = field === undefined ? undefined : params[field];
  const started = performance.now();
  const headers = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": MODERN,
    "mcp-method": method,
    ...(typeof name === "string" && { "mcp-name": name }),
    "x-request-id": id,
  };
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: sequence,
    method,
    params: { ...params, _meta: { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {} } },
  });
  try {
    const reply = await post(url, headers, body, agent);
    const ok = reply.status === 200 && hasResult(reply.body);
    return {
      id,
      method,
      started,
      settled: performance.now(),
      ok,
      status: reply.status,
      backend: reply.backend,
      failure: ok ? undefined : reply.body.slice(0, 300),
    };
  } catch (error) {
    return { id, method, started, settled: performance.now(), ok: false, status: undefined, backend: undefined, failure: String(error) };
  }
}

export interface Load {
  /** Every request sent so far, in the order they settled. */
  readonly outcomes: readonly Outcome[];
  /** Requests sent and not settled yet. */
  readonly inFlight: ReadonlySet<string>;
  /** Stops sending and resolves once every caller's last request settled. */
  stop(): Promise<readonly Outcome[]>;
}

/**
 * `callers` concurrent loops, each sending `next(caller)` and then the next as soon
 * as it settles (on `agent`'s connections: kept alive by default), until `stop()` or
 * `maxRequests` in total: bounded whatever happens.
 */
export function startLoad(
  url: string,
  callers: number,
  next: (caller: number) => { method: string; params?: Record<string, unknown> },
  maxRequests: number,
  agent: Agent = KEEP_ALIVE,
): Load {
  const outcomes: Outcome[] = [];
  const inFlight = new Set<string>();
  let stopped = false;
  let sent = 0;
  const loop = async (caller: number): Promise<void> => {
    while (!stopped && sent < maxRequests) {
      sent++;
      const request = next(caller);
      const pending = send(url, request.method, request.params, agent);
      const marker = `${caller}:${sent}`;
      inFlight.add(marker);
      outcomes.push(await pending);
      inFlight.delete(marker);
    }
  };
  const loops = Promise.all(Array.from({ length: callers }, (_, caller) => loop(caller)));
  return {
    outcomes,
    inFlight,
    async stop() {
      stopped = true;
      await loops;
      return outcomes;
    },
  };
}

/** Failures, grouped by what they were, for assertion messages. */
export function describeFailures(outcomes: readonly Outcome[]): string {
  const groups = new Map<string, number>();
  for (const outcome of outcomes.filter((o) => !o.ok)) {
    const key = `${outcome.method} ${String(outcome.status)} ${outcome.backend ?? "-"} ${outcome.failure ?? ""}`.slice(0, 200);
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups].map(([key, count]) => `${count} × ${key}`).join("\n");
}

export interface SdkPeer {
  readonly client: Client;
  /** `x-turbomcp-backend` of every response the client got, in order. */
  readonly backends: string[];
  elicit: (params: ElicitRequest["params"]) => ElicitResult;
}

/** The official SDK v2 client through the balancer, pinned to 2026-07-28 (stateless: no session to stick to). */
export async function connectSdk(url: string): Promise<SdkPeer> {
  const backends: string[] = [];
  const client = new Client({ name: "cluster-e2e", version: "1.0.0" }, { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: MODERN } } });
  const peer: SdkPeer = { client, backends, elicit: () => ({ action: "decline" }) };
  client.setRequestHandler("elicitation/create", (request) => peer.elicit(request.params));
  const recording = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    const backend = response.headers.get(BACKEND_HEADER);
    if (backend !== null) backends.push(backend);
    return response;
  };
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: recording }));
  return peer;
}

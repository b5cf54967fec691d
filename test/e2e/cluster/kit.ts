/**
 * Clients for the cluster tests: single 2026-07-28 requests through the balancer
 * (raw fetch, which reports the instance that answered), the official SDK v2
 * client, and a bounded load of concurrent keep-alive callers that records every
 * request's outcome.
 */
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
  /** What went wrong: a fetch error, or the start of the body. */
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

/** One stateless request through `url`, never throwing: its outcome. */
export async function send(url: string, method: string, params: Record<string, unknown> = {}): Promise<Outcome> {
  const id = `req-${process.pid}-${++sequence}`;
  const field = NAMED[method];
  const name = field === undefined ? undefined : params[field];
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": MODERN,
        "mcp-method": method,
        ...(typeof name === "string" && { "mcp-name": name }),
        "x-request-id": id,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: sequence,
        method,
        params: { ...params, _meta: { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {} } },
      }),
    });
    const text = await response.text();
    const ok = response.status === 200 && hasResult(text);
    return {
      id,
      method,
      started,
      settled: performance.now(),
      ok,
      status: response.status,
      backend: response.headers.get(BACKEND_HEADER) ?? undefined,
      failure: ok ? undefined : text.slice(0, 300),
    };
  } catch (error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const failure = `${String(error)}${cause === undefined ? "" : ` (${String(cause)})`}`;
    return { id, method, started, settled: performance.now(), ok: false, status: undefined, backend: undefined, failure };
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
 * as it settles (Node's fetch keeps the connections alive), until `stop()` or
 * `maxRequests` in total: bounded whatever happens.
 */
export function startLoad(
  url: string,
  callers: number,
  next: (caller: number) => { method: string; params?: Record<string, unknown> },
  maxRequests: number,
): Load {
  const outcomes: Outcome[] = [];
  const inFlight = new Set<string>();
  let stopped = false;
  let sent = 0;
  const loop = async (caller: number): Promise<void> => {
    while (!stopped && sent < maxRequests) {
      sent++;
      const request = next(caller);
      const pending = send(url, request.method, request.params);
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

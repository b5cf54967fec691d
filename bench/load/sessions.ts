/**
 * Session workloads over plain `node:http` with keep-alive: opening MCP sessions the
 * way clients do (`initialize`, then `notifications/initialized` with the session
 * id), one at a time to time the handshake, or many at once to measure what an idle
 * session costs the server.
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { LatencyRecorder } from "./latency.js";
import { INITIALIZE_BODY, INITIALIZE_HEADERS, INITIALIZED_BODY, LEGACY_VERSION, type HttpRequestSpec } from "./mcp-requests.js";

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export function postOnce(agent: Agent, port: number, path: string, spec: HttpRequestSpec): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "POST", agent, headers: spec.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from 127.0.0.1:${port} within 10 s`)));
    req.on("error", reject);
    req.end(spec.body);
  });
}

/** One handshake; returns the session id. Throws with the server's answer when it refuses. */
export async function openSession(agent: Agent, port: number, path: string): Promise<string> {
  const init = await postOnce(agent, port, path, { headers: INITIALIZE_HEADERS, body: INITIALIZE_BODY });
  const id = init.headers["mcp-session-id"];
  if (init.status !== 200 || typeof id !== "string") throw new Error(`initialize got ${init.status} without a session id: ${init.body.slice(0, 300)}`);
  const headers = { ...INITIALIZE_HEADERS, "mcp-session-id": id, "mcp-protocol-version": LEGACY_VERSION };
  const done = await postOnce(agent, port, path, { headers, body: INITIALIZED_BODY });
  if (done.status < 200 || done.status >= 300) throw new Error(`notifications/initialized got ${done.status}: ${done.body.slice(0, 300)}`);
  return id;
}

export interface HandshakeResult {
  readonly count: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * `count` handshakes one after another on one keep-alive connection, or as many as
 * fit in `budgetMs` (a server that stalls each handshake must not stall the run).
 */
export async function sequentialHandshakes(port: number, path: string, count: number, budgetMs: number): Promise<HandshakeResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const recorder = new LatencyRecorder();
  try {
    const started = performance.now();
    for (let i = 0; i < count && performance.now() - started < budgetMs; i++) {
      const t0 = performance.now();
      await openSession(agent, port, path);
      recorder.record(performance.now() - t0);
    }
    const elapsed = performance.now() - started;
    const { p50, p99 } = recorder.percentiles();
    return { perSecond: (recorder.size * 1000) / elapsed, p50Ms: p50, p99Ms: p99, count: recorder.size };
  } finally {
    agent.destroy();
  }
}

/**
 * Opens `count` sessions, `parallel` at a time, and leaves them idle; stops early
 * once `budgetMs` has passed (some servers hold each handshake for a second).
 */
export async function openSessions(port: number, path: string, count: number, parallel = 32, budgetMs = Number.POSITIVE_INFINITY): Promise<string[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: parallel });
  const ids: string[] = [];
  const deadline = performance.now() + budgetMs;
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < count && performance.now() < deadline) {
          next += 1;
          ids.push(await openSession(agent, port, path));
        }
      }),
    );
    return ids;
  } finally {
    agent.destroy();
  }
}

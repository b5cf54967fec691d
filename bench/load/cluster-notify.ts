/**
 * `cluster-notify`: how long a server→client message takes to reach a client whose
 * GET stream is on another instance than the one that sends it. A 2025-11-25 client
 * opens a session on instance A, holds its GET stream there and subscribes to
 * `bench://tick`; then, one sample at a time, it calls the tool `touch` (which calls
 * `notifyResourceUpdated("bench://tick")`) on instance B and times from sending that
 * POST to the arrival of `notifications/resources/updated` on the stream. The same
 * on one instance with its state in memory is the baseline: the difference is what
 * crossing instances (Redis pub/sub and the bus) adds. The instances are addressed
 * directly, not through HAProxy, which would pick them in turn.
 *
 * Bounded: a fixed number of samples, each waiting at most SAMPLE_TIMEOUT_MS.
 */
import { Agent, request, type ClientRequest } from "node:http";
import { performance } from "node:perf_hooks";
import { TICK_URI, TOUCH_TOOL } from "../servers/cluster-names.js";
import type { Deployments } from "./cluster-deployments.js";
import { NOTIFY_PLACEMENTS, type NotifyPlacement } from "./cluster-labels.js";
import { LatencyRecorder } from "./latency.js";
import { buildRequest, LEGACY_VERSION, LIST_TOOLS } from "./mcp-requests.js";
import type { ResultRow } from "./results.js";
import { openSession, postOnce } from "./sessions.js";

const SAMPLE_TIMEOUT_MS = 5_000;
/** After the last sample: a notification arriving later than this is one too many. */
const QUIET_MS = 100;
const UPDATED = "notifications/resources/updated";

export interface NotifySettings {
  /** Measured samples per placement. */
  readonly samples: number;
  /** Samples before those, not measured: the session restored on B, connections warm. */
  readonly warmup: number;
  readonly log: (line: string) => void;
}

interface Endpoint {
  readonly port: number;
  readonly path: string;
}

function endpoint(url: string): Endpoint {
  const parsed = new URL(url);
  return { port: Number(parsed.port), path: parsed.pathname };
}

/** The GET stream's notifications of TICK_URI, as arrival times, handed out one per sample. */
class UpdateStream {
  readonly #arrivals: number[] = [];
  #waiting: ((at: number) => void) | undefined;
  #buffer = "";
  #request: ClientRequest | undefined;
  /** Notifications of another kind or URI, or not JSON: none is expected. */
  unexpected = 0;

  /** Opens the stream and resolves once the server answered 200 (from then on it delivers to it). */
  open(agent: Agent, at: Endpoint, sessionId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const headers = { accept: "text/event-stream", "mcp-session-id": sessionId, "mcp-protocol-version": LEGACY_VERSION };
      this.#request = request({ host: "127.0.0.1", port: at.port, path: at.path, method: "GET", agent, headers }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`GET stream got ${res.statusCode ?? 0}`));
        }
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => this.#receive(chunk, performance.now()));
        res.on("error", () => undefined); // closed by close(), or the server went away: the samples time out
        resolve();
      });
      this.#request.on("error", reject);
      this.#request.end();
    });
  }

  #receive(chunk: string, at: number): void {
    this.#buffer += chunk;
    let end: number;
    // Events end with a blank line; a `data:` line may be split across chunks.
    while ((end = this.#buffer.search(/\r?\n\r?\n/)) !== -1) {
      const event = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end).replace(/^\r?\n\r?\n/, "");
      const data = event
        .split(/\r?\n/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trimStart())
        .join("\n");
      if (data === "") continue; // a priming event (id only) or a comment
      this.#message(data, at);
    }
  }

  #message(data: string, at: number): void {
    let message: { method?: unknown; params?: { uri?: unknown } };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      this.unexpected++;
      return;
    }
    if (message.method !== UPDATED || message.params?.uri !== TICK_URI) {
      this.unexpected++;
      return;
    }
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting !== undefined) waiting(at);
    else this.#arrivals.push(at);
  }

  /** The next notification's arrival time; rejects after `timeoutMs`. */
  next(timeoutMs: number): Promise<number> {
    const queued = this.#arrivals.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        reject(new Error(`no ${UPDATED} on the GET stream within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting = (at) => {
        clearTimeout(timer);
        resolve(at);
      };
    });
  }

  /** Notifications that arrived and no sample took. */
  get extra(): number {
    return this.#arrivals.length;
  }

  close(): void {
    this.#request?.destroy();
  }
}

interface Latency {
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly count: number;
  readonly failures: number;
}

/** One session: its stream on `streamUrl`, the triggers on `triggerUrl`; `samples` timed after `warmup` untimed. */
export async function notificationLatency(streamUrl: string, triggerUrl: string, settings: NotifySettings): Promise<Latency> {
  const streamAt = endpoint(streamUrl);
  const triggerAt = endpoint(triggerUrl);
  // One socket for the stream, one for the POSTs (a keep-alive connection per instance).
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  const stream = new UpdateStream();
  let sessionId: string | undefined;
  try {
    sessionId = await openSession(agent, streamAt.port, streamAt.path);
    await stream.open(agent, streamAt, sessionId);
    const headers = buildRequest(LIST_TOOLS, "session", sessionId).headers;
    const subscribe = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "resources/subscribe", params: { uri: TICK_URI } });
    const subscribed = await postOnce(agent, streamAt.port, streamAt.path, { headers, body: subscribe });
    if (subscribed.status !== 200 || !subscribed.body.includes('"result"'))
      throw new Error(`resources/subscribe got ${subscribed.status}: ${subscribed.body.slice(0, 300)}`);
    const recorder = new LatencyRecorder();
    let failures = 0;
    for (let sample = 0; sample < settings.warmup + settings.samples; sample++) {
      // a + b = the sample's number: each answer is checked for its own sum.
      const trigger = buildRequest({ method: "tools/call", name: TOUCH_TOOL, arguments: { a: sample, b: 0 } }, "session", sessionId);
      const sent = performance.now();
      const [arrived, reply] = await Promise.all([stream.next(SAMPLE_TIMEOUT_MS), postOnce(agent, triggerAt.port, triggerAt.path, trigger)]);
      if (reply.status !== 200 || !reply.body.includes(`"text":"${sample}"`)) {
        failures++;
        settings.log(`  cluster notify: ${TOUCH_TOOL} got ${reply.status}: ${reply.body.slice(0, 200)}`);
      }
      if (sample >= settings.warmup) recorder.record(arrived - sent);
    }
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    failures += stream.extra + stream.unexpected;
    const [p50Ms = Number.NaN, p90Ms = Number.NaN, p99Ms = Number.NaN] = recorder.ranks([50, 90, 99]);
    return { p50Ms, p90Ms, p99Ms, count: recorder.size, failures };
  } finally {
    stream.close();
    if (sessionId !== undefined) await endSession(agent, streamAt, sessionId);
    agent.destroy();
  }
}

/** DELETE: the session ends on every instance (and its record goes), as a client that is done. */
function endSession(agent: Agent, at: Endpoint, sessionId: string): Promise<void> {
  return new Promise((resolve) => {
    const headers = { "mcp-session-id": sessionId, "mcp-protocol-version": LEGACY_VERSION };
    const req = request({ host: "127.0.0.1", port: at.port, path: at.path, method: "DELETE", agent, headers }, (res) => {
      res.resume();
      res.on("end", resolve);
    });
    req.setTimeout(5_000, () => req.destroy());
    req.on("error", () => resolve());
    req.on("close", () => resolve());
    req.end();
  });
}

/** The three placements in turn, each its own session: one instance in memory, then the Redis deployment's A→A and B→A. */
export async function clusterNotify(deployments: Deployments, settings: NotifySettings): Promise<ResultRow[]> {
  const [single] = deployments.memory.instances;
  const [a, b] = deployments.redis.instances;
  if (single === undefined || a === undefined || b === undefined) throw new Error("the notification workload needs 1 instance in memory and 2 with Redis");
  const placements: readonly [NotifyPlacement, string, string][] = [
    ["single", single.url, single.url],
    ["same", a.url, a.url],
    ["cross", a.url, b.url],
  ];
  const rows: ResultRow[] = [];
  for (const [placement, streamUrl, triggerUrl] of placements) {
    const { id, label } = NOTIFY_PLACEMENTS[placement];
    try {
      const latency = await notificationLatency(streamUrl, triggerUrl, settings);
      rows.push({ target: id, label, workload: "cluster-notify", ...latency });
      settings.log(
        `  cluster notify ${placement}: p50 ${latency.p50Ms.toFixed(3)} ms, p90 ${latency.p90Ms.toFixed(3)} ms, p99 ${latency.p99Ms.toFixed(3)} ms over ${latency.count}${latency.failures > 0 ? `, ${latency.failures} FAILED` : ""}`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      settings.log(`  cluster notify ${placement}: ${message}`);
      rows.push({ target: id, label, workload: "cluster-notify", failures: 1, error: `${message}\n${deployments.output()}`.trim() });
    }
  }
  return rows;
}

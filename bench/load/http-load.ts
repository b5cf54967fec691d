/**
 * One load run against an HTTP server with autocannon: a warm-up, then a run of a
 * fixed duration (or a fixed number of requests) with pre-built requests. Each
 * connection can carry its own headers (its own MCP session). Response bodies are
 * checked for the expected answer, every one of them, or one in `checkEvery` for
 * large answers (searching a 340 KB string costs the load generator more than the
 * server spends answering); wrong answers, errors and non-2xx responses are
 * reported, so a server that answers fast but wrongly is caught.
 */
import autocannon from "autocannon";
import { LatencyRecorder } from "./latency.js";
import type { HttpRequestSpec } from "./mcp-requests.js";
import type { LoadResult } from "./results.js";

export interface HttpLoadOptions {
  readonly port: number;
  readonly path: string;
  readonly connections: number;
  /** One request per connection (connection i sends requests[i % length]). */
  readonly requests: readonly HttpRequestSpec[];
  readonly marker: string;
  /** Check one body in this many (default 1: all). */
  readonly checkEvery?: number;
  readonly warmupSeconds: number;
  /** Either a duration or an amount of requests. */
  readonly durationSeconds?: number;
  readonly amount?: number;
  /** Read the server's CPU time; called after the warm-up and after the run. */
  readonly serverCpu?: () => Promise<number>;
}

/** Bounds a run that stalls: no request waits longer than this. */
const REQUEST_TIMEOUT_SECONDS = 10;

function run(options: HttpLoadOptions, recorder: LatencyRecorder | undefined, phase: { duration?: number; amount?: number }): Promise<autocannon.Result> {
  const first = options.requests[0];
  if (first === undefined) throw new Error("no request to send");
  let nextClient = 0;
  const checkEvery = options.checkEvery ?? 1;
  let seen = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${options.port}${options.path}`,
        method: "POST",
        headers: { ...first.headers },
        body: first.body,
        connections: options.connections,
        pipelining: 1,
        timeout: REQUEST_TIMEOUT_SECONDS,
        ...(phase.amount !== undefined ? { amount: phase.amount } : { duration: phase.duration ?? 1 }),
        verifyBody: (body) => seen++ % checkEvery !== 0 || (typeof body === "string" && body.includes(options.marker)),
        setupClient: (client) => {
          const spec = options.requests[nextClient++ % options.requests.length] ?? first;
          client.setHeadersAndBody({ ...spec.headers }, spec.body);
        },
      },
      (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)),
    );
    if (recorder !== undefined) instance.on("response", (_client, _status, _bytes, responseTime) => recorder.record(responseTime));
  });
}

export async function httpLoad(options: HttpLoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await run(options, undefined, { duration: options.warmupSeconds });
  const recorder = new LatencyRecorder();
  const cpuBefore = await options.serverCpu?.();
  const result = await run(options, recorder, options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds ?? 5 });
  const cpuAfter = await options.serverCpu?.();
  const { p50, p99 } = recorder.percentiles();
  const total = result.requests.total;
  const serverCpuMicros = cpuBefore === undefined || cpuAfter === undefined || total === 0 ? undefined : (cpuAfter - cpuBefore) / total;
  return {
    requestsPerSecond: total / result.duration,
    p50Ms: p50,
    p99Ms: p99,
    total,
    ...(serverCpuMicros !== undefined && { serverCpuMicros }),
    failures: result.errors + result.timeouts + result.non2xx + ((result as autocannon.Result & { mismatches?: number }).mismatches ?? 0),
  };
}

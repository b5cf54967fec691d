/**
 * Runs the workloads that apply to one target: starts its server (once with one
 * tool, once with the large tool set), loads it, reads its memory and stops it.
 * A workload that fails becomes a row with an error; the run goes on with the next.
 */
import type { Readable, Writable } from "node:stream";
import { startBenchAuth } from "../servers/auth.js";
import { httpLoad } from "./http-load.js";
import { buildRequest, CALL_ADD, expectedMarker, LIST_TOOLS, type HttpRequestSpec, type Operation } from "./mcp-requests.js";
import type { LoadResult, ResultRow, WorkloadId } from "./results.js";
import { freePort, launchServer, waitForPort, type RunningServer } from "./server-process.js";
import { openSessions, sequentialHandshakes } from "./sessions.js";
import { stdioHandshake, stdioLoad } from "./stdio-load.js";
import type { Target } from "./targets.js";

export interface MeasureSettings {
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** Each load figure is the median of this many runs (by req/s); failures of every run count. */
  readonly rounds: number;
  readonly concurrencies: readonly number[];
  /** Tool count of the large-registry workloads. */
  readonly manyTools: number;
  readonly heapCalls: number;
  readonly idleSessions: number;
  readonly handshakes: number;
  readonly workloads: ReadonlySet<WorkloadId>;
  /**
   * One server start per target, with the large tool set, for every workload (the smoke
   * run: it checks answers, not figures). Otherwise the one-tool workloads get a
   * server of their own.
   */
  readonly oneServer?: boolean;
  /** turbomcp's `call-1000` in runs alternating with the 1-tool server (pairedCall); bench/run.ts sets it. */
  readonly pairedCall1000?: boolean;
  readonly serverPrefix: readonly string[];
  /** Extra Node flags for every server (bench/profile.ts adds `--cpu-prof`). */
  readonly serverNodeFlags?: readonly string[];
  /** Extra environment for every server (bench/profile.ts --heap turns on allocation sampling). */
  readonly serverEnv?: Readonly<Record<string, string>>;
  /** Runs after a server's workloads, before it is stopped (bench/profile.ts collects its allocations). */
  readonly beforeStop?: (server: RunningServer) => Promise<void>;
  readonly log: (line: string) => void;
}

const MCP_PATH = "/mcp";
const MIB = 1024 * 1024;
/**
 * Longest a session workload runs. FastMCP holds every initialize for about a second
 * (it waits for client capabilities that arrive only after it): its figures then
 * rest on fewer sessions, and the row says how many.
 */
const SESSION_BUDGET_MS = 60_000;
/** Large lists: every status is checked, one body in this many (see http-load.ts). */
const LARGE_ANSWER_CHECK_EVERY = 32;

export async function measureTarget(target: Target, settings: MeasureSettings): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const want = (workload: WorkloadId): boolean => settings.workloads.has(workload);
  // The tenancy and middleware targets: the paired comparison with the plain server, and a plain `call` run (for bench:profile).
  const feature = target.mode === undefined ? undefined : FEATURES[target.mode];
  if (feature !== undefined) {
    if (want(feature.workload)) rows.push(...(await featureCall(target, feature, settings)));
    if (want("call"))
      rows.push(
        ...(await withServer(target, 1, settings, (server, port) =>
          loadRow(target, "call", server, port, CALL_ADD, 1, Math.max(...settings.concurrencies), settings).then((row) => [row]),
        )),
      );
    return rows;
  }
  // The auth target: API key vs JWT in alternating runs, and a plain `call` run on the jwt server (for bench:profile).
  if (target.mode === "auth") {
    if (want("call-auth") || want("call")) rows.push(...(await authCall(target, settings)));
    return rows;
  }
  if (target.transport === "stdio") {
    if (want("stdio-call")) rows.push(...(await withServer(target, 1, settings, (server) => stdioWorkloads(target, server, settings))));
    return rows;
  }
  const perServer: WorkloadId[] = ["call", "heap-growth", "handshakes", "idle-session", "list-1000", "call-1000"];
  if (!perServer.some(want)) return rows;
  if (settings.oneServer === true) {
    const both = async (server: RunningServer, port: number): Promise<ResultRow[]> => [
      ...(await smallWorkloads(target, server, port, settings)),
      ...(target.ceiling ? [] : await largeWorkloads(target, server, port, settings)),
    ];
    return withServer(target, target.ceiling ? 1 : settings.manyTools, settings, both);
  }
  const small: WorkloadId[] = ["call", "heap-growth", "handshakes", "idle-session"];
  if (small.some(want)) rows.push(...(await withServer(target, 1, settings, (server, port) => smallWorkloads(target, server, port, settings))));
  // turbomcp's "1,000 tools as fast as 1" is judged on runs that alternate between the two servers (pairedCall).
  const paired = settings.pairedCall1000 === true && target.turbomcp && want("call-1000");
  const large: WorkloadId[] = paired ? ["list-1000"] : ["list-1000", "call-1000"];
  if (!target.ceiling && large.some(want)) {
    const only = { ...settings, workloads: new Set(large.filter(want)) };
    rows.push(...(await withServer(target, settings.manyTools, only, (server, port) => largeWorkloads(target, server, port, only))));
  }
  if (paired) {
    rows.push(
      ...(await withServer(target, 1, settings, (one, onePort) =>
        withServer(target, settings.manyTools, settings, (many, manyPort) =>
          pairedCall(target, { server: one, port: onePort }, { server: many, port: manyPort }, settings),
        ),
      )),
    );
  }
  return rows;
}

interface Served {
  readonly server: RunningServer;
  readonly port: number;
}

/** Alternating runs, at least this many of each: a drift of the machine then weighs on both sides alike. */
export const PAIRED_ROUNDS = 3;

/**
 * `tools/call` on the 1-tool and the 1,000-tool server in turn, each figure the median
 * of its runs. Measured minutes apart, as the other workloads are, the two figures
 * differed by more than the 5% the target allows on a shared machine (10–40% either
 * way, with no difference in GC or code path); side by side in time they compare.
 */
async function pairedCall(target: Target, one: Served, many: Served, settings: MeasureSettings): Promise<ResultRow[]> {
  const connections = Math.max(...settings.concurrencies);
  const rounds = Math.max(PAIRED_ROUNDS, settings.rounds);
  const {
    baseline,
    measured: [{ result }],
  } = await alternate(
    { ...one, requests: await requestsFor(target, CALL_ADD, one.port, connections), tools: 1 },
    [{ ...many, requests: await requestsFor(target, CALL_ADD, many.port, connections), tools: settings.manyTools }],
    connections,
    rounds,
    settings,
  );
  const row: ResultRow = { ...(await loadResultRow(target, "call-1000", connections, result, many.server)), pairedBaselineRps: baseline.requestsPerSecond };
  settings.log(
    `  ${target.id} call-1000 c=${connections}: ${result.requestsPerSecond.toFixed(0)} req/s against ${baseline.requestsPerSecond.toFixed(0)} with 1 tool in alternating runs (${((100 * result.requestsPerSecond) / baseline.requestsPerSecond).toFixed(1)}%)`,
  );
  return [row];
}

interface Side extends Served {
  readonly requests: HttpRequestSpec[];
  readonly tools: number;
}

interface Paired {
  readonly result: LoadResult;
  /** The median of each round's measured/baseline req/s: what a drift of the machine between rounds moves least. */
  readonly pairedRatio: number;
}

interface Alternation<M extends readonly Side[]> {
  readonly baseline: LoadResult;
  /** One per measured side, in the order given. */
  readonly measured: { readonly [K in keyof M]: Paired };
}

/**
 * `tools/call` on the baseline and each measured server in turn, `rounds` rounds of
 * `settings.durationSeconds / rounds` each; the median run of each side.
 */
async function alternate<const M extends readonly Side[]>(
  baseline: Side,
  measured: M,
  connections: number,
  rounds: number,
  settings: MeasureSettings,
): Promise<Alternation<M>> {
  const load = (side: Side): Promise<LoadResult> =>
    httpLoad({
      port: side.port,
      path: MCP_PATH,
      connections,
      requests: side.requests,
      marker: expectedMarker(CALL_ADD, side.tools),
      warmupSeconds: settings.warmupSeconds,
      durationSeconds: settings.durationSeconds / rounds,
      serverCpu: () => side.server.cpu(),
    });
  const baselineRuns: LoadResult[] = [];
  const measuredRuns: LoadResult[][] = measured.map(() => []);
  for (let round = 0; round < rounds; round++) {
    baselineRuns.push(await load(baseline));
    for (const [index, side] of measured.entries()) measuredRuns[index]?.push(await load(side));
  }
  const paired = measuredRuns.map((runs): Paired => {
    const ratios = runs.map((run, index) => run.requestsPerSecond / (baselineRuns[index]?.requestsPerSecond ?? Number.NaN)).sort((a, b) => a - b);
    return { result: medianRun(runs), pairedRatio: ratios[Math.floor(ratios.length / 2)] ?? Number.NaN };
  });
  return { baseline: medianRun(baselineRuns), measured: paired as unknown as Alternation<M>["measured"] };
}

/** A server feature measured against the same server without it (featureCall). */
interface Feature {
  readonly workload: "call-tenancy" | "call-middleware";
  /** Named in the log line: "… without <what>". */
  readonly what: string;
  /**
   * Rounds of alternating runs, each as long as one measurement. Twice pairedCall's for
   * tenancy: a 10% difference needs more than three short runs on a machine whose
   * figures move 30% between runs; three times for middleware, whose aim is 5%.
   */
  readonly rounds: number;
}

/** The targets' modes that are a feature on top of the plain stateless server. */
const FEATURES: Readonly<Record<string, Feature>> = {
  // The manifest's tenancy (the tenant from a header, its policy, its rate limit and concurrency bound counted on every call).
  tenancy: { workload: "call-tenancy", what: "tenancy", rounds: 2 * PAIRED_ROUNDS },
  // Three trivial middleware configured in code (servers/middleware.ts): what the chain costs.
  middleware: { workload: "call-middleware", what: "middleware", rounds: 3 * PAIRED_ROUNDS },
};

/**
 * `tools/call` with a feature on against the same server without (no mode, no extra
 * headers), in alternating runs for the reason pairedCall gives: "within 10%" (or 5%)
 * is a smaller difference than separate runs drift apart.
 */
async function featureCall(target: Target, feature: Feature, settings: MeasureSettings): Promise<ResultRow[]> {
  const plain: Target = { ...target, id: "turbomcp-stateless", headers: {} };
  const { mode: _mode, ...withoutMode } = plain;
  const connections = Math.max(...settings.concurrencies);
  const rounds = Math.max(feature.rounds, settings.rounds);
  const longer = { ...settings, durationSeconds: settings.durationSeconds * rounds };
  return withServer(withoutMode, 1, settings, (off, offPort) =>
    withServer(target, 1, settings, async (on, onPort) => {
      const {
        baseline,
        measured: [{ result, pairedRatio }],
      } = await alternate(
        { server: off, port: offPort, requests: await requestsFor(withoutMode, CALL_ADD, offPort, connections), tools: 1 },
        [{ server: on, port: onPort, requests: await requestsFor(target, CALL_ADD, onPort, connections), tools: 1 }],
        connections,
        rounds,
        longer,
      );
      const cpu = (run: LoadResult): string => `${run.serverCpuMicros?.toFixed(0) ?? "?"} µs/req`;
      settings.log(
        `  ${target.id} call c=${connections}: ${result.requestsPerSecond.toFixed(0)} req/s (${cpu(result)}) against ${baseline.requestsPerSecond.toFixed(0)} (${cpu(baseline)}) without ${feature.what} in alternating runs; median of the pairs' ratios ${(100 * pairedRatio).toFixed(1)}%`,
      );
      return [{ ...(await loadResultRow(target, feature.workload, connections, result, on)), pairedBaselineRps: baseline.requestsPerSecond, pairedRatio }];
    }),
  );
}

/**
 * `tools/call` with auth required: the same server with an API key scheme (the
 * baseline), a `jwt` scheme and an `oauth2` scheme (servers/auth.ts), each request
 * carrying the same credential, as a client sends its token until it expires. In
 * alternating runs, as featureCall's, for "a JWT costs at most 10% over an API key".
 */
async function authCall(target: Target, settings: MeasureSettings): Promise<ResultRow[]> {
  const auth = await startBenchAuth();
  try {
    const variants = auth.variants.map((variant): Target => ({
      ...target,
      id: `turbomcp-${variant.mode}`,
      label: `${target.label}: ${variant.label}`,
      mode: variant.mode,
      headers: variant.headers,
      env: variant.env,
    }));
    const [apiKey, jwt] = variants;
    if (apiKey === undefined || jwt === undefined) throw new Error("servers/auth.ts names an API key and a JWT variant first");
    const connections = Math.max(...settings.concurrencies);
    const rows: ResultRow[] = [];
    if (settings.workloads.has("call-auth")) {
      // As featureCall for tenancy: a 10% difference needs more than three short runs.
      const rounds = Math.max(2 * PAIRED_ROUNDS, settings.rounds);
      const longer = { ...settings, durationSeconds: settings.durationSeconds * rounds };
      rows.push(
        ...(await withServers(variants, settings, async (served) => {
          const sides = await Promise.all(
            variants.map(async (variant, index): Promise<Side> => {
              const { server, port } = served[index]!;
              return { server, port, requests: await requestsFor(variant, CALL_ADD, port, connections), tools: 1 };
            }),
          );
          const [base, ...measured] = sides as [Side, ...Side[]];
          const { baseline, measured: results } = await alternate(base, measured, connections, rounds, longer);
          const cpu = (run: LoadResult): string => `${run.serverCpuMicros?.toFixed(0) ?? "?"} µs/req`;
          const out = [await loadResultRow(apiKey, "call-auth", connections, baseline, base.server)];
          settings.log(`  ${apiKey.id} call c=${connections}: ${baseline.requestsPerSecond.toFixed(0)} req/s (${cpu(baseline)})`);
          for (const [index, { result, pairedRatio }] of results.entries()) {
            const variant = variants[index + 1]!;
            settings.log(
              `  ${variant.id} call c=${connections}: ${result.requestsPerSecond.toFixed(0)} req/s (${cpu(result)}) against ${baseline.requestsPerSecond.toFixed(0)} with an API key in alternating runs; median of the pairs' ratios ${(100 * pairedRatio).toFixed(1)}%`,
            );
            const row = await loadResultRow(variant, "call-auth", connections, result, measured[index]!.server);
            out.push({ ...row, pairedBaselineRps: baseline.requestsPerSecond, pairedRatio });
          }
          return out;
        })),
      );
    }
    if (settings.workloads.has("call"))
      rows.push(
        ...(await withServer(jwt, 1, settings, async (server, port) => [await loadRow(jwt, "call", server, port, CALL_ADD, 1, connections, settings)])),
      );
    return rows;
  } finally {
    await auth.close();
  }
}

/** Each target's 1-tool server started (one after the other), `body` run with all of them in the same order, all stopped. */
function withServers(targets: readonly Target[], settings: MeasureSettings, body: (served: Served[]) => Promise<ResultRow[]>): Promise<ResultRow[]> {
  const [first, ...rest] = targets;
  if (first === undefined) return body([]);
  return withServer(first, 1, settings, (server, port) => withServers(rest, settings, (served) => body([{ server, port }, ...served])));
}

type Body = (server: RunningServer, port: number) => Promise<ResultRow[]>;

/** Starts the server, runs `body`, always stops it; a failure to start or a crash becomes an error row. */
async function withServer(target: Target, tools: number, settings: MeasureSettings, body: Body): Promise<ResultRow[]> {
  const port = target.transport === "http" ? await freePort() : 0;
  const args = target.transport === "http" ? ["--port", String(port)] : ["--stdio"];
  args.push("--tools", String(tools));
  if (target.mode !== undefined) args.push("--mode", target.mode);
  const server = launchServer({
    script: target.script,
    args,
    prefix: settings.serverPrefix,
    stdio: target.transport === "stdio",
    nodeFlags: settings.serverNodeFlags ?? [],
    env: { ...settings.serverEnv, ...target.env },
  });
  try {
    if (target.transport === "http") await waitForPort(server, port);
    const rows = await body(server, port);
    await settings.beforeStop?.(server);
    return rows;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    settings.log(`  ${target.id} (${tools} tools): ${message.split("\n")[0]}`);
    return [
      { target: target.id, label: target.label, workload: tools === 1 ? "call" : "list-1000", failures: 1, error: `${message}\n${server.stderrTail()}`.trim() },
    ];
  } finally {
    await server.stop();
  }
}

/** One request per connection: each connection of a session target gets its own session. */
async function requestsFor(target: Target, operation: Operation, port: number, connections: number): Promise<HttpRequestSpec[]> {
  if (target.flavour !== "session") {
    const spec = buildRequest(operation, target.flavour);
    return [target.headers === undefined ? spec : { ...spec, headers: { ...spec.headers, ...target.headers } }];
  }
  const ids = await openSessions(port, MCP_PATH, connections, Math.min(connections, 16));
  return ids.map((id) => buildRequest(operation, "session", id));
}

/** The run with the median req/s, carrying the failures of all of them. */
export function medianRun(results: readonly LoadResult[]): LoadResult {
  const failures = results.reduce((sum, result) => sum + result.failures, 0);
  const sorted = [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const median = sorted[Math.floor(sorted.length / 2)] ?? results[0]!;
  return { ...median, failures };
}

/** The run with the median req/s of `rounds` runs, carrying the failures of all of them. */
async function medianOf(rounds: number, run: () => Promise<LoadResult>): Promise<LoadResult> {
  const results: LoadResult[] = [];
  for (let round = 0; round < Math.max(1, rounds); round++) results.push(await run());
  return medianRun(results);
}

async function rss(server: RunningServer): Promise<number> {
  return (await server.memory()).rss / MIB;
}

/** The row of one load figure, with the server's RSS after it. */
async function loadResultRow(target: Target, workload: WorkloadId, concurrency: number, result: LoadResult, server: RunningServer): Promise<ResultRow> {
  return {
    target: target.id,
    label: target.label,
    workload,
    concurrency,
    requestsPerSecond: result.requestsPerSecond,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    ...(result.serverCpuMicros !== undefined && { serverCpuMicros: result.serverCpuMicros }),
    rssMb: await rss(server),
    count: result.total,
    failures: result.failures,
  };
}

async function loadRow(
  target: Target,
  workload: WorkloadId,
  server: RunningServer,
  port: number,
  operation: Operation,
  tools: number,
  connections: number,
  settings: MeasureSettings,
): Promise<ResultRow> {
  const requests = await requestsFor(target, operation, port, connections);
  const result = await medianOf(settings.rounds, () =>
    httpLoad({
      port,
      path: MCP_PATH,
      connections,
      requests,
      marker: expectedMarker(operation, tools),
      checkEvery: operation.method === "tools/list" && tools > 1 ? LARGE_ANSWER_CHECK_EVERY : 1,
      warmupSeconds: settings.warmupSeconds,
      durationSeconds: settings.durationSeconds,
      serverCpu: () => server.cpu(),
    }),
  );
  const row = await loadResultRow(target, workload, connections, result, server);
  settings.log(
    `  ${target.id} ${workload} c=${connections}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, server ${result.serverCpuMicros?.toFixed(0) ?? "?"} µs/req${result.failures > 0 ? `, ${result.failures} FAILED` : ""}`,
  );
  return row;
}

async function smallWorkloads(target: Target, server: RunningServer, port: number, settings: MeasureSettings): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const want = (workload: WorkloadId): boolean => settings.workloads.has(workload);
  if (want("call")) for (const c of settings.concurrencies) rows.push(await loadRow(target, "call", server, port, CALL_ADD, 1, c, settings));
  if (target.ceiling) return rows;
  if (want("heap-growth")) rows.push(await heapGrowth(target, server, port, settings));
  if (target.flavour === "session" && want("handshakes")) {
    const result = await sequentialHandshakes(port, MCP_PATH, settings.handshakes, SESSION_BUDGET_MS);
    rows.push({
      target: target.id,
      label: target.label,
      workload: "handshakes",
      concurrency: 1,
      requestsPerSecond: result.perSecond,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      rssMb: await rss(server),
      count: result.count,
      failures: 0,
    });
    settings.log(`  ${target.id} handshakes: ${result.perSecond.toFixed(0)}/s, p50 ${result.p50Ms.toFixed(2)} ms`);
  }
  if (target.flavour === "session" && want("idle-session")) rows.push(await idleSessions(target, server, port, settings));
  return rows;
}

/** Heap after `heapCalls` calls at the highest concurrency, less the heap before, per call. */
async function heapGrowth(target: Target, server: RunningServer, port: number, settings: MeasureSettings): Promise<ResultRow> {
  const connections = Math.max(...settings.concurrencies);
  const requests = await requestsFor(target, CALL_ADD, port, connections);
  const options = { port, path: MCP_PATH, connections, requests, marker: expectedMarker(CALL_ADD, 1) };
  // A warm-up of its own so that every lazily built structure exists before the baseline.
  await httpLoad({ ...options, warmupSeconds: 0, amount: Math.min(10_000, settings.heapCalls) });
  const before = await server.memory();
  const result = await httpLoad({ ...options, warmupSeconds: 0, amount: settings.heapCalls });
  const after = await server.memory();
  const bytes = (after.heapUsed - before.heapUsed) / result.total;
  settings.log(`  ${target.id} heap growth: ${bytes.toFixed(2)} B per call over ${result.total} calls`);
  return {
    target: target.id,
    label: target.label,
    workload: "heap-growth",
    concurrency: connections,
    bytes,
    rssMb: after.rss / MIB,
    count: result.total,
    failures: result.failures,
  };
}

/** Heap after opening `idleSessions` sessions, less the heap before, per session. */
async function idleSessions(target: Target, server: RunningServer, port: number, settings: MeasureSettings): Promise<ResultRow> {
  await openSessions(port, MCP_PATH, Math.min(200, settings.idleSessions));
  const before = await server.memory();
  const ids = await openSessions(port, MCP_PATH, settings.idleSessions, 64, SESSION_BUDGET_MS);
  const after = await server.memory();
  const bytes = (after.heapUsed - before.heapUsed) / ids.length;
  settings.log(`  ${target.id} idle session: ${(bytes / 1024).toFixed(2)} KiB each over ${ids.length} sessions`);
  return { target: target.id, label: target.label, workload: "idle-session", bytes, rssMb: after.rss / MIB, count: ids.length, failures: 0 };
}

async function largeWorkloads(target: Target, server: RunningServer, port: number, settings: MeasureSettings): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  if (settings.workloads.has("list-1000"))
    for (const c of settings.concurrencies) rows.push(await loadRow(target, "list-1000", server, port, LIST_TOOLS, settings.manyTools, c, settings));
  if (settings.workloads.has("call-1000")) {
    const connections = Math.max(...settings.concurrencies);
    rows.push(await loadRow(target, "call-1000", server, port, CALL_ADD, settings.manyTools, connections, settings));
  }
  return rows;
}

async function stdioWorkloads(target: Target, server: RunningServer, settings: MeasureSettings): Promise<ResultRow[]> {
  const { stdin, stdout } = server.child as { stdin: Writable | null; stdout: Readable | null };
  if (stdin === null || stdout === null) throw new Error("stdio server without pipes");
  await stdioHandshake(stdin, stdout);
  const rows: ResultRow[] = [];
  for (const inFlight of settings.concurrencies) {
    const result = await medianOf(settings.rounds, () =>
      stdioLoad({
        stdin,
        stdout,
        operation: CALL_ADD,
        marker: expectedMarker(CALL_ADD, 1),
        inFlight,
        warmupSeconds: settings.warmupSeconds,
        durationSeconds: settings.durationSeconds,
        serverCpu: () => server.cpu(),
      }),
    );
    rows.push(await loadResultRow(target, "stdio-call", inFlight, result, server));
    settings.log(`  ${target.id} stdio in-flight ${inFlight}: ${result.requestsPerSecond.toFixed(0)} calls/s, p50 ${result.p50Ms.toFixed(3)} ms`);
  }
  return rows;
}

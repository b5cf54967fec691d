/**
 * `npm run bench:tracing`: what OpenTelemetry tracing costs `tools/call`, in one
 * process, the server driven through `handleStateless` (JSON parsing included, no
 * HTTP): the dispatcher alone, so the relative cost here is the most tracing can add;
 * over HTTP the transport's own work dilutes it. Three configurations of one server's
 * routes take turns round by round, so a drift of the machine weighs on all alike:
 *
 * - `no tracer`: `createServer` without one, the path as it was before tracing;
 * - `tracer, no SDK`: the production pipeline's default until an application registers an SDK;
 * - `tracer + SDK, simple` and `, batch`: a BasicTracerProvider exporting to memory
 *   through a SimpleSpanProcessor (export as each span ends) or a BatchSpanProcessor
 *   (what `@opentelemetry/sdk-node` uses), with the AsyncLocalStorage context manager
 *   and the W3C propagator, registered globally.
 *
 * Figures: req/s, and process CPU time per request, which a busy machine disturbs less;
 * the ratio to `no tracer` is taken from CPU per request, round by round. Targets
 * (issue 17): no SDK within 2% of no tracer; with the SDK within 15%.
 *
 * With `--http`, the same comparison over Streamable HTTP (2026-07-28 stateless POSTs,
 * autocannon from this process) against three server processes started by `runMain`
 * (servers/turbomcp-tracing.ts), the server's CPU time per request from its probe.
 *
 *   npm run bench:tracing -- [--seconds S] [--rounds N] [--concurrency C] [--http]
 */
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { createServer, defineRoutes, parseMessage, toolRoute, type CompiledValidator, type McpServer, type Peer } from "@turbomcp/runtime";
import { createRequestTracer } from "@turbomcp/runtime/observability";
import { parseCommandLine } from "./command-line.js";
import { httpLoad } from "./load/http-load.js";
import { CALL_ADD, buildRequest, expectedMarker } from "./load/mcp-requests.js";
import { freePort, launchServer, waitForPort, type RunningServer } from "./load/server-process.js";

const values = parseCommandLine(
  "bench:tracing",
  { seconds: { type: "string" }, rounds: { type: "string" }, concurrency: { type: "string" }, http: { type: "boolean", default: false } },
  [
    "  --seconds S      seconds per configuration per round (default 2)",
    "  --rounds N       rounds; each figure is the median (default 7)",
    "  --concurrency C  requests in flight (default 32; HTTP: connections, default 50)",
    "  --http           also over Streamable HTTP: three server processes (runMain, the production",
    "                   pipeline) with tracing off, on with no SDK, on with an SDK (batch processor)",
  ],
);
const SECONDS = Number(values.seconds ?? 2);
const ROUNDS = Number(values.rounds ?? 7);
const CONCURRENCY = Number(values.concurrency ?? 32);
const CONNECTIONS = Number(values.concurrency ?? 50);

const validateAdd: CompiledValidator = (data) => {
  const input = data as { a?: unknown; b?: unknown };
  return typeof input.a === "number" && typeof input.b === "number";
};

const routes = defineRoutes({
  server: { name: "tracing-bench", version: "1.0.0" },
  tools: [
    toolRoute<{ a: number; b: number }, string>({
      definition: { name: "add", inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] } },
      validateInput: validateAdd,
      handler: ({ a, b }) => String(a + b),
      policy: { scopes: [] },
    }),
  ],
});

const BODY = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: {
    name: "add",
    arguments: { a: 2, b: 3 },
    _meta: {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientCapabilities": {},
      // A client that traces sends this; without an SDK the server must not pay for it.
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01",
    },
  },
});

const exporter = new InMemorySpanExporter();
let wrong = 0;
const peer: Peer = {
  send(message) {
    if (Array.isArray(message) || !("result" in message) || message.result.isError === true) wrong++;
  },
};

interface Figure {
  readonly rps: number;
  /** Process CPU time (user + system) per request, µs: steadier than req/s on a busy machine. */
  readonly cpuMicros: number;
}

/** `CONCURRENCY` loops each sending one request after another for `seconds`. */
async function measure(server: McpServer, seconds: number): Promise<Figure> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const loop = async (): Promise<void> => {
    while (performance.now() < until) {
      const parsed = parseMessage(BODY);
      if (parsed.kind !== "request") throw new Error("the benchmark request does not parse");
      await server.handleStateless(parsed.message, peer);
      // The exporter keeps every span: emptied as it goes, so the figure is not about memory.
      if (++done % 4096 === 0) exporter.reset();
    }
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  const used = process.cpuUsage(cpu);
  return { rps: done / ((performance.now() - started) / 1000), cpuMicros: (used.user + used.system) / done };
}

const simple = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const batched = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

function sdk(provider: BasicTracerProvider | undefined): void {
  trace.disable();
  context.disable();
  propagation.disable();
  exporter.reset();
  if (provider === undefined) return;
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
}

const quiet = { error: (message: string) => console.error(message), warn: () => {} };
const configurations = [
  { name: "no tracer", server: createServer(routes, { logger: quiet }), sdk: undefined },
  { name: "tracer, no SDK", server: createServer(routes, { logger: quiet, tracer: createRequestTracer() }), sdk: undefined },
  { name: "tracer + SDK, simple", server: createServer(routes, { logger: quiet, tracer: createRequestTracer() }), sdk: simple },
  { name: "tracer + SDK, batch", server: createServer(routes, { logger: quiet, tracer: createRequestTracer() }), sdk: batched },
] as const;

const TARGETS: Readonly<Record<string, number>> = { "tracer, no SDK": 0.98, "tracer + SDK, simple": 0.85, "tracer + SDK, batch": 0.85 };

function report(names: readonly string[], figures: ReadonlyMap<string, readonly Figure[]>, ratios: ReadonlyMap<string, readonly number[]>): void {
  console.log("throughput relative to no tracer = its CPU µs/req over theirs, the median of the rounds' ratios");
  for (const name of names) {
    const runs = figures.get(name) ?? [];
    const ratio = median(ratios.get(name) ?? []);
    const target = TARGETS[name];
    const verdict = target === undefined ? "" : `  target >= ${target.toFixed(2)}: ${ratio >= target ? "met" : "MISSED"}`;
    const rps = Math.round(median(runs.map((run) => run.rps))).toLocaleString("en-US");
    const cpu = median(runs.map((run) => run.cpuMicros)).toFixed(1);
    console.log(`${name.padEnd(22)} ${rps.padStart(8)} req/s  ${cpu.padStart(6)} CPU µs/req  ${ratio.toFixed(3)} of no tracer${verdict}`);
  }
}

/** The HTTP comparison: three server processes, alternating runs, the server's CPU per request. */
async function overHttp(): Promise<void> {
  const modes = [
    { name: "no tracer", mode: "off" },
    { name: "tracer, no SDK", mode: "no-sdk" },
    { name: "tracer + SDK, batch", mode: "sdk" },
  ] as const;
  const servers: { name: string; port: number; server: RunningServer }[] = [];
  try {
    for (const { name, mode } of modes) {
      const port = await freePort();
      const server = launchServer({ script: "turbomcp-tracing.ts", args: ["--port", String(port), "--mode", mode], prefix: [], stdio: false });
      servers.push({ name, port, server });
      await waitForPort(server, port);
    }
    const load = (port: number, server: RunningServer, seconds: number, warmupSeconds: number) =>
      httpLoad({
        port,
        path: "/mcp",
        connections: CONNECTIONS,
        requests: [buildRequest(CALL_ADD, "modern")],
        marker: expectedMarker(CALL_ADD, 1),
        warmupSeconds,
        durationSeconds: seconds,
        serverCpu: () => server.cpu(),
      });
    for (const { port, server } of servers) await load(port, server, 1, 1);
    const figures = new Map<string, Figure[]>(modes.map(({ name }) => [name, []]));
    const ratios = new Map<string, number[]>(modes.map(({ name }) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const measured = new Map<string, Figure>();
      for (const { name, port, server } of rotated(servers, round)) {
        const result = await load(port, server, SECONDS, 0.5);
        if (result.failures > 0) wrong += result.failures;
        measured.set(name, { rps: result.requestsPerSecond, cpuMicros: result.serverCpuMicros ?? Number.NaN });
      }
      record(measured, figures, ratios);
    }
    console.log(
      `\ntools/call add over Streamable HTTP (2026-07-28), runMain with the production pipeline, c=${CONNECTIONS}, ${ROUNDS} rounds of ${SECONDS} s (median)`,
    );
    report(
      modes.map(({ name }) => name),
      figures,
      ratios,
    );
  } finally {
    await Promise.all(servers.map(({ server }) => server.stop()));
  }
}

/** The configurations in round `round`'s order: each takes every place in turn, so no place's luck sticks to one. */
function rotated<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Files one round's figures, and each configuration's ratio to that round's `no tracer`. */
function record(measured: ReadonlyMap<string, Figure>, figures: Map<string, Figure[]>, ratios: Map<string, number[]>): void {
  const baseline = measured.get("no tracer")?.cpuMicros ?? Number.NaN;
  for (const [name, figure] of measured) {
    figures.get(name)?.push(figure);
    ratios.get(name)?.push(baseline / figure.cpuMicros);
  }
}

const median = (numbers: readonly number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

// Warm-up: every path compiled before anything is timed.
for (const configuration of configurations) {
  sdk(configuration.sdk);
  await measure(configuration.server, 0.5);
}
const figures = new Map<string, Figure[]>(configurations.map((configuration) => [configuration.name, []]));
/** Per round: the baseline's CPU per request over the configuration's, i.e. the throughput one core would keep. */
const ratios = new Map<string, number[]>(configurations.map((configuration) => [configuration.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const measured = new Map<string, Figure>();
  for (const configuration of rotated(configurations, round)) {
    sdk(configuration.sdk);
    measured.set(configuration.name, await measure(configuration.server, SECONDS));
  }
  record(measured, figures, ratios);
}
sdk(undefined);

console.log(`tools/call add, in process through handleStateless, ${CONCURRENCY} in flight, ${ROUNDS} rounds of ${SECONDS} s (median)`);
console.log(`node ${process.version}`);
report(
  configurations.map(({ name }) => name),
  figures,
  ratios,
);

if (values.http) await overHttp();
if (wrong > 0) {
  console.error(`${wrong} requests were answered with an error`);
  process.exitCode = 1;
}

/**
 * The turbomcp server of `npm run bench:tracing -- --http`: a `tools/call add` route
 * served by `runMain` with the production pipeline, in one of three tracing modes:
 *
 *   node --import tsx bench/servers/turbomcp-tracing.ts --port P --mode off|no-sdk|sdk
 *
 * - `off`: a tracer that never traces, so requests take the untraced path as before
 *   tracing existed (one call returning undefined is all that differs);
 * - `no-sdk`: the pipeline's default tracer with no SDK registered (what every server runs);
 * - `sdk`: a BasicTracerProvider with a BatchSpanProcessor (what `@opentelemetry/sdk-node`
 *   sets up) exporting to memory, emptied every second, the AsyncLocalStorage context
 *   manager and the W3C propagator, registered before the server starts.
 */
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { defineRoutes, runMain, toolRoute, type CompiledValidator, type RequestTracer } from "@turbomcp/runtime";
import { benchServerArgs } from "./args.js";
import { installProbe } from "./probe.js";

const args = benchServerArgs();
if (!["off", "no-sdk", "sdk"].includes(args.mode)) throw new Error(`--mode must be off, no-sdk or sdk, got "${args.mode}"`);

if (args.mode === "sdk") {
  const exporter = new InMemorySpanExporter();
  setInterval(() => exporter.reset(), 1_000).unref();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] }));
}

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

const NEVER: RequestTracer = { start: () => undefined };
installProbe();
await runMain(routes, ["--transport", "http", "--port", String(args.port)], args.mode === "off" ? { tracer: NEVER } : {});

/**
 * Tracing with no OpenTelemetry SDK registered (what every server runs with until the
 * application registers one): the tracer gives no trace, so the dispatcher keeps its
 * untraced path, even for a request that carries a traceparent; and the production
 * pipeline sets the tracer by default, loading `@opentelemetry/api` only once an SDK
 * registers.
 */
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { otelRegistered } from "../../../packages/runtime/src/observability/deferred-tracer.js";
import { createRequestTracer } from "../../../packages/runtime/src/entries/observability.js";
import { createProductionPipeline, resolveRuntimeConfig } from "../../../packages/runtime/src/index.js";
import { memoryClient } from "../helpers/memory-client.js";
import { CLIENT_TRACEPARENT, tracedRoutes } from "./otel-kit.js";

const quiet = { error: () => {}, warn: () => {} };

/** What the API leaves behind once anything registered, even after `disable()`. */
function forgetRegistrations(): void {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("opentelemetry.js.api.1")];
}

// A file run before this one in the same worker may have registered an SDK.
beforeAll(forgetRegistrations);

describe("tracing with no SDK registered", () => {
  it("starts no trace, even for a request with a traceparent, and the request is served as usual", async () => {
    const tracer = createRequestTracer();
    const request = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "work", _meta: { traceparent: CLIENT_TRACEPARENT } } } as const;
    expect(tracer.start(request, "2025-11-25", { traceparent: CLIENT_TRACEPARENT })).toBeUndefined();
    const client = memoryClient(tracedRoutes(), { tracer });
    await client.initialize();
    const reply = await client.request("tools/call", { name: "work", arguments: {}, _meta: { traceparent: CLIENT_TRACEPARENT } });
    expect(reply.result).toMatchObject({ content: [{ type: "text", text: "done" }] });
    expect(client.errors).toEqual([]);
  });

  it("is on in the production pipeline by default, and off with tracing: false", async () => {
    const traced = await createProductionPipeline(tracedRoutes(), resolveRuntimeConfig({ env: {} }), { transport: "stdio", logger: quiet });
    const untraced = await createProductionPipeline(tracedRoutes(), resolveRuntimeConfig({ env: {} }), { transport: "stdio", logger: quiet, tracing: false });
    try {
      expect(traced.serverOptions.tracer).toBeDefined();
      expect(untraced.serverOptions.tracer).toBeUndefined();
    } finally {
      await traced.close();
      await untraced.close();
    }
  });

  it("loads the API in the pipeline only once an SDK registers, and traces from then on", async () => {
    const pipeline = await createProductionPipeline(tracedRoutes(), resolveRuntimeConfig({ env: {} }), { transport: "stdio", logger: quiet });
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    try {
      const client = memoryClient(tracedRoutes(), { tracer: pipeline.serverOptions.tracer! });
      await client.initialize();
      await client.request("tools/call", { name: "work", arguments: {} });
      expect(otelRegistered()).toBe(false);

      // The application registers its SDK after the server started.
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      trace.setGlobalTracerProvider(provider);
      expect(otelRegistered()).toBe(true);
      // The first request after it starts loading the API; the ones after the load are traced.
      await vi.waitFor(async () => {
        await client.request("tools/call", { name: "work", arguments: {}, _meta: { traceparent: CLIENT_TRACEPARENT } });
        expect(exporter.getFinishedSpans().map((span) => span.name)).toContain("tools/call work");
      });
      const traced = exporter.getFinishedSpans().find((span) => span.name === "tools/call work");
      expect(traced?.parentSpanContext?.spanId).toBe(CLIENT_TRACEPARENT.split("-")[2]);
      expect(client.errors).toEqual([]);
    } finally {
      await pipeline.close();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      forgetRegistrations();
    }
  });
});

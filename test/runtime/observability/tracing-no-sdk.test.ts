/**
 * Tracing with no OpenTelemetry SDK registered (what every server runs with until the
 * application registers one): the tracer gives no trace, so the dispatcher keeps its
 * untraced path, even for a request that carries a traceparent; and the production
 * pipeline sets the tracer by default.
 */
import { describe, expect, it } from "vitest";
import { createRequestTracer } from "../../../packages/runtime/src/entries/observability.js";
import { createProductionPipeline, resolveRuntimeConfig } from "../../../packages/runtime/src/index.js";
import { memoryClient } from "../helpers/memory-client.js";
import { CLIENT_TRACEPARENT, tracedRoutes } from "./otel-kit.js";

const quiet = { error: () => {}, warn: () => {} };

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
});

/**
 * OpenTelemetry tracing through the in-process client, with a real SDK exporting to
 * memory: the span tree of a tools/call (request span → handler span → the handler's
 * own spans), its attributes, error outcomes, and trace context continued from `_meta`.
 */
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { createRequestTracer } from "../../../packages/runtime/src/entries/observability.js";
import type { Caller } from "../../../packages/runtime/src/index.js";
import { memoryClient } from "../helpers/memory-client.js";
import { CLIENT_TRACE, CLIENT_TRACEPARENT, isChildOf, tracedRoutes, useTracingSdk } from "./otel-kit.js";

const tracing = useTracingSdk();

const TENANT_CALLER: Caller = { tenant: { id: "acme", policy: {} } };

describe("tracing: the span tree", () => {
  it("traces tools/call as a server span, the handler in a child span, and the handler's own spans under that", async () => {
    const client = memoryClient(tracedRoutes(), { tracer: createRequestTracer(), caller: TENANT_CALLER });
    await client.initialize();
    const reply = await client.request("tools/call", { name: "work", arguments: {} }, 7);
    expect(reply.result).toMatchObject({ content: [{ type: "text", text: "done" }] });

    const request = tracing.span("tools/call work");
    const handler = tracing.span("handler work");
    const own = tracing.span("app work");
    expect(request.kind).toBe(SpanKind.SERVER);
    expect(handler.kind).toBe(SpanKind.INTERNAL);
    expect(isChildOf(handler, request)).toBe(true);
    expect(isChildOf(own, handler)).toBe(true);
    expect(request.instrumentationScope.name).toBe("@turbomcp/runtime");
    expect(request.attributes).toEqual({
      "mcp.method.name": "tools/call",
      "mcp.protocol.version": "2025-11-25",
      "jsonrpc.request.id": "7",
      "jsonrpc.protocol.version": "2.0",
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "work",
      "turbomcp.outcome": "ok",
      "turbomcp.tenant.id": "acme",
    });
    expect(request.status.code).toBe(SpanStatusCode.UNSET);
    // initialize was traced too, as its own root.
    expect(tracing.span("initialize").parentSpanContext).toBeUndefined();
  });

  it("marks a tool that throws as tool_error, with the exception on the handler span", async () => {
    const client = memoryClient(tracedRoutes(), { tracer: createRequestTracer() });
    await client.initialize();
    const reply = await client.request("tools/call", { name: "fail", arguments: {} });
    expect(reply.result).toMatchObject({ isError: true });

    const request = tracing.span("tools/call fail");
    const handler = tracing.span("handler fail");
    expect(isChildOf(handler, request)).toBe(true);
    expect(request.attributes).toMatchObject({ "turbomcp.outcome": "tool_error", "error.type": "tool_error" });
    expect(request.attributes["rpc.response.status_code"]).toBeUndefined();
    expect(request.status.code).toBe(SpanStatusCode.ERROR);
    expect(handler.status).toEqual({ code: SpanStatusCode.ERROR, message: "the weather service is down" });
    expect(handler.events.map((event) => [event.name, event.attributes?.["exception.message"]])).toEqual([["exception", "the weather service is down"]]);
  });

  it("records a JSON-RPC error's code, with no handler span when no handler ran", async () => {
    const client = memoryClient(tracedRoutes(), { tracer: createRequestTracer() });
    await client.initialize();
    const reply = await client.request("tools/call", { name: "missing", arguments: {} });
    expect(reply.error?.code).toBe(-32602);

    const request = tracing.span("tools/call missing");
    expect(request.attributes).toMatchObject({ "turbomcp.outcome": "error", "error.type": "-32602", "rpc.response.status_code": "-32602" });
    expect(request.status.code).toBe(SpanStatusCode.ERROR);
    expect(tracing.spans().filter((span) => span.name.startsWith("handler"))).toEqual([]);
  });
});

describe("tracing: trace context from _meta", () => {
  it("continues the client's trace from a 2026-07-28 request's _meta.traceparent and tracestate", async () => {
    const client = memoryClient(tracedRoutes(), { tracer: createRequestTracer() });
    const reply = await client.stateless("tools/call", { name: "work", arguments: {} }, { extra: { traceparent: CLIENT_TRACEPARENT, tracestate: "vendor=x" } });
    expect(reply.result).toMatchObject({ content: [{ type: "text", text: "done" }] });

    const request = tracing.span("tools/call work");
    expect(request.spanContext().traceId).toBe(CLIENT_TRACE.traceId);
    expect(request.parentSpanContext).toMatchObject({ traceId: CLIENT_TRACE.traceId, spanId: CLIENT_TRACE.spanId, isRemote: true });
    expect(request.spanContext().traceState?.get("vendor")).toBe("x");
    expect(request.attributes["mcp.protocol.version"]).toBe("2026-07-28");
    // The whole tree is in the client's trace.
    expect(isChildOf(tracing.span("handler work"), request)).toBe(true);
    expect(isChildOf(tracing.span("app work"), tracing.span("handler work"))).toBe(true);
  });

  it("continues it from a legacy request's _meta too, and ignores a malformed traceparent", async () => {
    const client = memoryClient(tracedRoutes(), { tracer: createRequestTracer() });
    await client.initialize();
    await client.request("tools/call", { name: "work", arguments: {}, _meta: { traceparent: CLIENT_TRACEPARENT } });
    expect(tracing.span("tools/call work").parentSpanContext).toMatchObject({ spanId: CLIENT_TRACE.spanId });
    await client.request("tools/list", { _meta: { traceparent: "00-not-a-trace-01" } });
    // Its span is the root of a trace of its own.
    expect(tracing.span("tools/list").parentSpanContext).toBeUndefined();
    expect(tracing.span("tools/list").spanContext().traceId).not.toBe(CLIENT_TRACE.traceId);
  });
});

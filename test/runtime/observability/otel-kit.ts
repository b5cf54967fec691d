/**
 * A real OpenTelemetry SDK for tracing tests: a tracer provider exporting to memory,
 * the AsyncLocalStorage context manager and the W3C propagator, registered globally
 * for the test file (what `@opentelemetry/sdk-node` registers in an application), and
 * helpers to read the finished span tree.
 */
import { context, propagation, trace, type SpanContext } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll } from "vitest";
import { defineRoutes, toolRoute, type RouteTable } from "../../../packages/runtime/src/index.js";
import { compile } from "../../fixtures/runtime/validators.js";

export interface Tracing {
  /** The spans ended so far in this test. */
  spans(): ReadableSpan[];
  /** The one finished span named `name`. */
  span(name: string): ReadableSpan;
}

/** Registers the SDK before the file's tests and removes it after them; spans are cleared after each test. */
export function useTracingSdk(): Tracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });
  afterEach(() => exporter.reset());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  return {
    spans,
    span(name) {
      const named = spans().filter((span) => span.name === name);
      if (named.length !== 1)
        throw new Error(
          `${named.length} spans named ${name}; finished: ${spans()
            .map((span) => span.name)
            .join(", ")}`,
        );
      return named[0]!;
    },
  };
}

/** Whether `child` was started under `parent`. */
export function isChildOf(child: ReadableSpan, parent: ReadableSpan | SpanContext): boolean {
  const context = "spanContext" in parent ? parent.spanContext() : parent;
  return child.parentSpanContext?.spanId === context.spanId && child.spanContext().traceId === context.traceId;
}

/** A W3C traceparent a client would send: version 00, sampled. */
export const CLIENT_TRACE = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "00f067aa0ba902b7" } as const;
export const CLIENT_TRACEPARENT = `00-${CLIENT_TRACE.traceId}-${CLIENT_TRACE.spanId}-01`;

/** Another client trace, for the HTTP headers when `_meta` carries the first. */
export const HEADER_TRACE = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "b7ad6b7169203331" } as const;
export const HEADER_TRACEPARENT = `00-${HEADER_TRACE.traceId}-${HEADER_TRACE.spanId}-01`;

const noInput = { type: "object", properties: {}, additionalProperties: false } as const;

/**
 * Two tools: `work` makes a span of its own (as an HTTP client library would) and
 * answers; `fail` throws.
 */
export function tracedRoutes(): RouteTable {
  return defineRoutes({
    server: { name: "traced", version: "1.0.0" },
    tools: [
      toolRoute<object, string>({
        definition: { name: "work", inputSchema: noInput },
        validateInput: compile(noInput),
        handler: async () => {
          // After an await, so the handler's context must have come along (AsyncLocalStorage).
          await new Promise((resolve) => setImmediate(resolve));
          return trace.getTracer("app").startActiveSpan("app work", (span) => {
            span.end();
            return "done";
          });
        },
        policy: { scopes: [] },
      }),
      toolRoute<object, string>({
        definition: { name: "fail", inputSchema: noInput },
        validateInput: compile(noInput),
        handler: () => {
          throw new Error("the weather service is down");
        },
        policy: { scopes: [] },
      }),
    ],
  });
}

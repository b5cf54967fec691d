/**
 * OpenTelemetry tracing of the requests a server serves, through `@opentelemetry/api`
 * only: spans go wherever the application's SDK sends them (`@opentelemetry/sdk-node`
 * with an OTLP exporter, docs/observability.md), and nowhere while none is registered.
 *
 * Each request gets a SERVER span (trace-attributes.ts says what it holds), continuing
 * the client's trace (trace-context.ts); a route handler runs in an INTERNAL child
 * span, active while it runs, so the spans the handler's own code makes (an HTTP call,
 * a database query) are its children.
 *
 * With no SDK registered the API's tracer makes non-recording spans with no trace id;
 * `start` sees that and returns undefined, and the dispatcher serves the request on
 * its untraced path: the per-request cost is one look at `_meta` and one no-op span.
 */
import { SpanKind, SpanStatusCode, context, isSpanContextValid, trace, type Context, type Span, type Tracer, type TracerProvider } from "@opentelemetry/api";
import type { Awaitable } from "../routing/types.js";
import type { JsonRpcRequest } from "../protocol/jsonrpc.js";
import type { RequestRecord } from "../protocol/observer.js";
import type { RequestTrace, RequestTracer, TraceCarrier } from "../protocol/tracer.js";
import { ATTR, outcomeAttributes, requestAttributes, spanName, targetOf } from "./trace-attributes.js";
import { traceParent } from "./trace-context.js";

/** The instrumentation scope spans are reported under. */
export const TRACER_NAME = "@turbomcp/runtime";

export interface TracingOptions {
  /**
   * Where spans go. Default: the global provider, the one the application's SDK
   * registers; looked up through the API's proxy, so an SDK registered after the
   * server was made still receives them.
   */
  readonly tracerProvider?: TracerProvider;
}

function failed(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, ...(error instanceof Error && { message: error.message }) });
}

class OtelRequestTrace implements RequestTrace {
  readonly #context: Context;

  constructor(
    readonly tracer: Tracer,
    readonly request: JsonRpcRequest,
    readonly span: Span,
    parent: Context,
  ) {
    this.#context = trace.setSpan(parent, span);
  }

  within<T>(work: () => Promise<T>): Promise<T> {
    return context.with(this.#context, work);
  }

  async handler<T>(work: () => Awaitable<T>): Promise<T> {
    // Named like the request's span: the tool or prompt, never a resource URI (backends
    // group spans by name, and URIs are unbounded).
    const span = this.tracer.startSpan(
      `handler ${targetOf(this.request) ?? this.request.method}`,
      { kind: SpanKind.INTERNAL, attributes: { [ATTR.method]: this.request.method } },
      this.#context,
    );
    try {
      return await context.with(trace.setSpan(this.#context, span), work);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  end(record: RequestRecord): void {
    const { attributes, failed: isFailure } = outcomeAttributes(record);
    this.span.setAttributes(attributes);
    if (isFailure) this.span.setStatus({ code: SpanStatusCode.ERROR });
    this.span.end();
  }
}

/**
 * A `RequestTracer` for `createServer({ tracer })`. The production pipeline makes
 * one by default.
 *
 * @example
 * ```ts
 * import { createServer, defineRoutes } from "@turbomcp/runtime";
 * import { createRequestTracer } from "@turbomcp/runtime/observability";
 * const server = createServer(defineRoutes({ server: { name: "demo", version: "1.0.0" } }), { tracer: createRequestTracer() });
 * ```
 */
export function createRequestTracer(options: TracingOptions = {}): RequestTracer {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(TRACER_NAME);
  return {
    start(request: JsonRpcRequest, protocolVersion: string, carrier: TraceCarrier | undefined): RequestTrace | undefined {
      const parent = traceParent(request, carrier);
      const span = tracer.startSpan(spanName(request), { kind: SpanKind.SERVER, ...(parent.links !== undefined && { links: parent.links }) }, parent.context);
      if (!span.isRecording()) {
        // No SDK (or one that samples nothing and has no trace to continue): nothing to record or pass on.
        if (!isSpanContextValid(span.spanContext())) return undefined;
        // Sampled out, but a trace to continue: the context still goes to the handler, so
        // its outgoing calls carry the trace (and the decision) on.
        return new OtelRequestTrace(tracer, request, span, parent.context);
      }
      span.setAttributes(requestAttributes(request, protocolVersion));
      return new OtelRequestTrace(tracer, request, span, parent.context);
    },
  };
}

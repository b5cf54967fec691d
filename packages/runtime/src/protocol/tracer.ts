/**
 * The tracing seam of the protocol core: the dispatcher asks a `RequestTracer` for a
 * trace of each request it serves, and runs the request and its handler inside it.
 * The core knows only this interface; the OpenTelemetry implementation lives in
 * observability/tracing.ts, and the production pipeline plugs it in.
 *
 * Why a seam rather than `@opentelemetry/api` in the dispatcher: a server made with
 * `createServer` and no tracer keeps exactly the hot path it had (one `undefined`
 * check), the core entry a stdio server loads stays free of outside packages, and
 * the cost with a tracer but no SDK is decided in one place (`start` returning
 * undefined, see observability/tracing.ts).
 */
import type { Awaitable } from "../routing/types.js";
import type { JsonRpcRequest } from "./jsonrpc.js";
import type { RequestRecord } from "./observer.js";

/**
 * Trace context a transport carries outside the message (Streamable HTTP: the
 * request's `traceparent`/`tracestate` headers), as header name → value.
 */
export type TraceCarrier = Readonly<Record<string, string | string[] | undefined>>;

/** One traced request: the request's span, and how the work under it runs. */
export interface RequestTrace {
  /** Runs `work` (the whole serving of the request: limits, middleware, method) with the request's span as the active context. */
  within<T>(work: () => Promise<T>): Promise<T>;
  /** Runs a route handler in a child span of the request's, active while the handler runs so its own spans nest under it. */
  handler<T>(work: () => Awaitable<T>): Promise<T>;
  /** Ends the request's span with what observers are told (outcome, error code, tenant). */
  end(record: RequestRecord): void;
}

export interface RequestTracer {
  /**
   * The trace of one request, or undefined when nothing would record or propagate it
   * (no tracing SDK registered): the dispatcher then serves the request as without a
   * tracer. `carrier` is the transport's trace context, when it has one.
   */
  start(request: JsonRpcRequest, protocolVersion: string, carrier: TraceCarrier | undefined): RequestTrace | undefined;
}

/**
 * Where a request's span continues its trace from (W3C Trace Context):
 *
 * 1. the request's `_meta.traceparent`/`tracestate` (2026-07-28 basic/index, "OpenTelemetry
 *    trace context"; the key is reserved in every era, so legacy requests are read too);
 * 2. else the active span, when the application's SDK instruments HTTP itself
 *    (`@opentelemetry/instrumentation-http` has already continued the headers' trace
 *    in an HTTP server span, which the MCP span then nests under);
 * 3. else the transport's headers (Streamable HTTP `traceparent`/`tracestate`).
 *
 * `_meta` wins over the HTTP layer because it belongs to this one message: one HTTP
 * request or stream can carry many MCP messages, and a client that calls tools from
 * several traces over one connection sets the context per message (the semantic
 * conventions for MCP: "HTTP trace context propagation only covers the HTTP request,
 * but not the individual messages"). The HTTP context is not lost: the span links to it.
 */
import { context, isSpanContextValid, propagation, trace, type Context, type Link, type TextMapGetter } from "@opentelemetry/api";
import type { JsonRpcRequest } from "../protocol/jsonrpc.js";
import { metaOf } from "../protocol/request-meta.js";
import type { TraceCarrier } from "../protocol/tracer.js";

type Carrier = Readonly<Record<string, unknown>>;

/** Reads string values only: `_meta` is the client's JSON, anything may be there. */
const GETTER: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const value = carrier[key];
    if (typeof value === "string") return value;
    return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
  },
};

export interface TraceParent {
  readonly context: Context;
  /** The HTTP layer's context when `_meta` took precedence over it. */
  readonly links: Link[] | undefined;
}

function fromCarrier(base: Context, carrier: TraceCarrier | undefined): Context {
  return carrier === undefined || carrier.traceparent === undefined ? base : propagation.extract(base, carrier, GETTER);
}

/** The context a request's span starts in (see the order above). */
export function traceParent(request: JsonRpcRequest, carrier: TraceCarrier | undefined): TraceParent {
  const active = context.active();
  const transport = trace.getSpan(active) === undefined ? fromCarrier(active, carrier) : active;
  const meta = metaOf(request.params);
  if (meta === undefined || typeof meta.traceparent !== "string") return { context: transport, links: undefined };
  const parent = propagation.extract(active, meta, GETTER);
  const own = trace.getSpanContext(parent);
  // An unreadable traceparent (or no propagator registered) leaves the context as it was.
  if (own === undefined || own === trace.getSpanContext(active)) return { context: transport, links: undefined };
  const other = trace.getSpanContext(transport);
  const linked = other !== undefined && isSpanContextValid(other) && other.spanId !== own.spanId;
  return { context: parent, links: linked ? [{ context: other }] : undefined };
}

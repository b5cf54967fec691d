/**
 * The production pipeline's tracer, which loads `@opentelemetry/api` only once an SDK
 * has registered with it: a server nobody traces (a stdio server above all, whose
 * cold start is the client's wait) loads nothing more than before tracing existed,
 * and pays one property lookup per request.
 *
 * Whether anything has registered is read without the API: every copy of
 * `@opentelemetry/api` 1.x keeps what `setGlobalTracerProvider` and friends register
 * under one well-known global symbol (api/src/internal/global-utils.ts), which is how
 * several copies of the API in one process find each other. An SDK registered before
 * the server starts (the usual `node --import ./tracing.js`) is seen at once and the
 * API is loaded before the first request; one registered later is seen by the first
 * request after it, which starts the load and goes untraced, as do the requests that
 * arrive while the API loads (a few milliseconds).
 */
import type { ServerLogger } from "../protocol/logger.js";
import type { RequestTracer } from "../protocol/tracer.js";

/** `GLOBAL_OPENTELEMETRY_API_KEY` of @opentelemetry/api, major version 1. */
const OTEL_API_GLOBAL = Symbol.for("opentelemetry.js.api.1");

/** Whether anything has registered with the OpenTelemetry API in this process. */
export function otelRegistered(): boolean {
  return (globalThis as Record<symbol, unknown>)[OTEL_API_GLOBAL] !== undefined;
}

/**
 * `load` makes the real tracer (it imports observability/tracing.ts): at once when an
 * SDK is registered already, else on the first request that finds one registered.
 */
export async function deferredTracer(load: () => Promise<RequestTracer>, logger: ServerLogger): Promise<RequestTracer> {
  if (otelRegistered()) return load();
  let loaded: RequestTracer | undefined;
  let loading = false;
  return {
    start(request, protocolVersion, carrier) {
      if (loaded !== undefined) return loaded.start(request, protocolVersion, carrier);
      if (!loading && otelRegistered()) {
        loading = true;
        load().then(
          (tracer) => (loaded = tracer),
          (error: unknown) => logger.error("tracing: @opentelemetry/api could not be loaded; requests stay untraced", error),
        );
      }
      return undefined;
    },
  };
}

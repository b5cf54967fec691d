/**
 * Prometheus metrics with prom-client, in a registry of their own (the global one
 * only when asked), so two servers in one process, or tests, never collide. The
 * request metrics are fed by a `RequestObserver`: counting is a few map lookups,
 * and the text format is built only when `/metrics` is scraped.
 */
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  Summary,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type SummaryConfiguration,
} from "prom-client";
import { DEFAULT_LATENCY_BUCKETS_SECONDS, DEFAULT_METRICS_MAX_TOOL_LABELS, DEFAULT_METRICS_PREFIX, DEFAULT_TENANT_METRIC_LABELS } from "../config/defaults.js";
import { jsonRpcCode } from "../protocol/errors.js";
import type { RequestObserver, RequestRecord } from "../protocol/observer.js";
import type { HttpHandler } from "./http-reply.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import { createMetricsHandler } from "./metrics-handler.js";
import type { Dependencies } from "../protocol/dependencies/registry.js";
import { registerDependencyMetrics } from "./dependency-metrics.js";
import { tenantLabeller, toolLabeller } from "./tool-labels.js";

export interface MetricsOptions {
  /** Default: a new registry. Pass prom-client's global `register` to share it with other libraries. */
  readonly registry?: Registry;
  /** Prefix of the runtime's metric names; default `mcp_`. */
  readonly prefix?: string;
  /** Node.js process metrics (CPU, memory, event loop lag, GC, handles); default on. */
  readonly defaultMetrics?: boolean;
  /** Labels added to every series of the registry, e.g. `{ service: "notes" }`. */
  readonly defaultLabels?: Readonly<Record<string, string>>;
  /** Latency histogram buckets, in seconds. */
  readonly buckets?: readonly number[];
  /**
   * The server's tool names (`routes.tools.keys()`): only these become `tool` label
   * values, so a client sending made-up names cannot create new series. Without
   * it, the first 500 names seen are labelled and the rest count as `other`.
   */
  readonly tools?: Iterable<string>;
  /**
   * On a server with tenants, the tenant ids of the manifest's policies: requests are
   * also counted per tenant (`tenant_requests_total`), these ids and the first 100
   * others labelled by id, the rest as `other`. Absent: no per-tenant series.
   */
  readonly tenants?: Iterable<string>;
  /** When set, `/metrics` requires `Authorization: Bearer <token>` (401 otherwise). */
  readonly bearerToken?: string | undefined;
  /** Where a failing scrape is reported; default stderr. */
  readonly logger?: ServerLogger;
  /**
   * The server's circuit breakers (`ServerOptions.dependencies`): adds `dependency_state`
   * (0 closed, 1 half-open, 2 open), `dependency_failures_total` and
   * `dependency_rejections_total`, labelled by dependency.
   */
  readonly dependencies?: Dependencies;
}

type Config<C> = Omit<C, "registers">;

export interface Metrics {
  readonly registry: Registry;
  /** Pass to `createServer({ observers: [...] })`. */
  readonly observer: RequestObserver;
  /** Transports report their open connections, labelled by transport (`http`, `ws`, `tcp`, …). */
  setActiveConnections(count: number, transport?: string): void;
  /** The session manager reports the sessions it holds. */
  setActiveSessions(count: number): void;
  /** Custom metrics, registered in the same registry and served on the same `/metrics`. */
  counter<T extends string>(config: Config<CounterConfiguration<T>>): Counter<T>;
  gauge<T extends string>(config: Config<GaugeConfiguration<T>>): Gauge<T>;
  histogram<T extends string>(config: Config<HistogramConfiguration<T>>): Histogram<T>;
  summary<T extends string>(config: Config<SummaryConfiguration<T>>): Summary<T>;
  /** The Prometheus text exposition of every metric in the registry. */
  render(): Promise<string>;
  readonly contentType: string;
  /** `/metrics` on `node:http` types (Express accepts it as is); 401 without the bearer token when one is configured. */
  readonly handler: HttpHandler;
}

/**
 * A Prometheus registry with the runtime's request metrics, process metrics and an
 * API for custom ones.
 *
 * @example
 * ```ts
 * import { createMetrics } from "@turbomcp/runtime/observability";
 * import { createServer } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const metrics = createMetrics({ tools: routes.tools.keys(), bearerToken: process.env.METRICS_TOKEN });
 * const server = createServer(routes, { observers: [metrics.observer] });
 * const notesSaved = metrics.counter({ name: "notes_saved_total", help: "Notes saved", labelNames: ["folder"] });
 * notesSaved.inc({ folder: "inbox" });
 * ```
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = options.registry ?? new Registry();
  const prefix = options.prefix ?? DEFAULT_METRICS_PREFIX;
  if (options.defaultLabels) registry.setDefaultLabels({ ...options.defaultLabels });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const buckets = [...(options.buckets ?? DEFAULT_LATENCY_BUCKETS_SECONDS)];

  const requests = new Counter({
    name: `${prefix}requests_total`,
    help: "MCP requests answered, by method and outcome",
    labelNames: ["method", "outcome"],
    registers,
  });
  const errors = new Counter({
    name: `${prefix}request_errors_total`,
    help: "JSON-RPC error replies, by method and error code",
    labelNames: ["method", "code"],
    registers,
  });
  const timeouts = new Counter({ name: `${prefix}request_timeouts_total`, help: "Requests whose handler ran out of time", labelNames: ["method"], registers });
  const duration = new Histogram({
    name: `${prefix}request_duration_seconds`,
    help: "Time from a request's arrival to its reply",
    labelNames: ["method"],
    buckets,
    registers,
  });
  const toolCalls = new Counter({
    name: `${prefix}tool_calls_total`,
    help: "tools/call requests, by tool and outcome",
    labelNames: ["tool", "outcome"],
    registers,
  });
  const toolDuration = new Histogram({
    name: `${prefix}tool_call_duration_seconds`,
    help: "tools/call latency, by tool",
    labelNames: ["tool"],
    buckets,
    registers,
  });
  const connections = new Gauge({ name: `${prefix}active_connections`, help: "Open client connections, by transport", labelNames: ["transport"], registers });
  const sessions = new Gauge({ name: `${prefix}active_sessions`, help: "Sessions held by the session manager", registers });
  const toolLabel = toolLabeller(options.tools, DEFAULT_METRICS_MAX_TOOL_LABELS);
  const tenantLabel = options.tenants === undefined ? undefined : tenantLabeller(options.tenants, DEFAULT_TENANT_METRIC_LABELS);
  const tenantRequests =
    tenantLabel === undefined
      ? undefined
      : new Counter({
          name: `${prefix}tenant_requests_total`,
          help: "MCP requests answered, by tenant and outcome",
          labelNames: ["tenant", "outcome"],
          registers,
        });
  const timeoutCode = jsonRpcCode("request_timeout");
  if (options.dependencies !== undefined && options.dependencies.names.length > 0) registerDependencyMetrics(options.dependencies, registry, prefix);

  // prom-client hashes a label object on every inc(); the children, kept per label pair
  // (bounded: labelled tenants × outcomes), skip that on the hot path.
  const tenantChildren = new Map<string, Counter.Internal>();
  const tenantCounter = (counter: Counter<"tenant" | "outcome">, tenant: string, outcome: string): Counter.Internal => {
    const key = `${tenant}\u0000${outcome}`;
    let child = tenantChildren.get(key);
    if (child === undefined) tenantChildren.set(key, (child = counter.labels(tenant, outcome)));
    return child;
  };

  const observer: RequestObserver = {
    onRequest(record: RequestRecord) {
      const { method, outcome } = record;
      const seconds = record.durationMs / 1000;
      requests.inc({ method, outcome });
      const tenant = record.caller.tenant;
      if (tenantRequests !== undefined && tenantLabel !== undefined && tenant !== undefined)
        tenantCounter(tenantRequests, tenantLabel(tenant.id), outcome).inc();
      duration.observe({ method }, seconds);
      if (record.errorCode !== undefined) errors.inc({ method, code: String(record.errorCode) });
      // A timeout may reach the client as a result or as a -32005 error; both count.
      if (outcome === "timeout" || record.errorCode === timeoutCode) timeouts.inc({ method });
      if (method === "tools/call") {
        const tool = toolLabel(record.target);
        toolCalls.inc({ tool, outcome });
        toolDuration.observe({ tool }, seconds);
      }
    },
  };

  return {
    registry,
    observer,
    setActiveConnections: (count, transport = "http") => connections.set({ transport }, count),
    setActiveSessions: (count) => sessions.set(count),
    counter: (config) => new Counter({ ...config, registers }),
    gauge: (config) => new Gauge({ ...config, registers }),
    histogram: (config) => new Histogram({ ...config, registers }),
    summary: (config) => new Summary({ ...config, registers }),
    render: () => registry.metrics(),
    contentType: registry.contentType,
    handler: createMetricsHandler(registry, options.bearerToken, options.logger ?? stderrLogger),
  };
}

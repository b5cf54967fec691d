/**
 * `@turbomcp/runtime/observability`: the audit log (pino), Prometheus metrics
 * (prom-client), health endpoints and OpenTelemetry tracing (@opentelemetry/api).
 *
 * Named exports only; this list is the public API of the entry.
 */
export type { AuditDestination, AuditStream } from "../observability/audit-destination.js";
export type { AuditLog, AuditLogOptions } from "../observability/audit-log.js";
export { createAuditLog } from "../observability/audit-log.js";
export type { Metrics, MetricsOptions } from "../observability/metrics.js";
export { createMetrics } from "../observability/metrics.js";
export type { HealthCheck, HealthCheckResult, HealthCheckStatus } from "../observability/health-check.js";
export type { Health, HealthCheckOptions, HealthOptions, HealthReport, HealthState } from "../observability/health.js";
export { createHealth } from "../observability/health.js";
export type { HealthHandlers } from "../observability/health-handlers.js";
export type { DependencyHealth, DependencySource } from "../observability/dependency-health.js";
export type { HttpHandler } from "../observability/http-reply.js";
export { DEFAULT_HEALTH_LIVE_PATH, DEFAULT_HEALTH_PATH, DEFAULT_HEALTH_READY_PATH, DEFAULT_METRICS_PATH } from "../config/defaults.js";
export type { TracingOptions } from "../observability/tracing.js";
export { TRACER_NAME, createRequestTracer } from "../observability/tracing.js";

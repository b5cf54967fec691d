import { afterEach, describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import { createMetrics, DEFAULT_METRICS_PATH } from "@turbomcp/runtime/observability";
import { rawRequest } from "../../helpers/raw-http.js";
import { type Loopback, parsePrometheus, record, recordingLogger, sampleValue, serveLoopback } from "./kit.js";

let servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(handler: Parameters<typeof serveLoopback>[0][string]): Promise<string> {
  const server = await serveLoopback({ [DEFAULT_METRICS_PATH]: handler });
  servers.push(server);
  return `${server.url}${DEFAULT_METRICS_PATH}`;
}

describe("request metrics", () => {
  it("counts requests, errors, tool calls and timeouts, and times them, from observer records", async () => {
    const metrics = createMetrics({ tools: ["add", "slow"] });
    const { observer } = metrics;
    observer.onRequest(record({ durationMs: 2 }));
    observer.onRequest(record({ durationMs: 4 }));
    observer.onRequest(record({ outcome: "tool_error", durationMs: 300 }));
    observer.onRequest(record({ target: "slow", outcome: "timeout", durationMs: 1_500 }));
    // A timeout answered as a JSON-RPC error (-32005) counts as a timeout too.
    observer.onRequest(record({ target: "slow", outcome: "error", errorCode: -32005, durationMs: 1_500 }));
    observer.onRequest(record({ target: "nope", outcome: "error", errorCode: -32602, durationMs: 0.3 }));
    observer.onRequest(record({ method: "resources/read", target: "notes://1", outcome: "error", errorCode: -32002, durationMs: 1 }));
    observer.onRequest(record({ method: "ping", target: undefined, durationMs: 0.1 }));

    const samples = parsePrometheus(await metrics.render());
    expect(sampleValue(samples, "mcp_requests_total", { method: "tools/call", outcome: "ok" })).toBe(2);
    expect(sampleValue(samples, "mcp_requests_total", { method: "tools/call", outcome: "tool_error" })).toBe(1);
    expect(sampleValue(samples, "mcp_requests_total", { method: "tools/call", outcome: "timeout" })).toBe(1);
    expect(sampleValue(samples, "mcp_requests_total", { method: "tools/call", outcome: "error" })).toBe(2);
    expect(sampleValue(samples, "mcp_requests_total", { method: "resources/read", outcome: "error" })).toBe(1);
    expect(sampleValue(samples, "mcp_requests_total", { method: "ping", outcome: "ok" })).toBe(1);

    expect(sampleValue(samples, "mcp_request_errors_total", { method: "tools/call", code: "-32602" })).toBe(1);
    expect(sampleValue(samples, "mcp_request_errors_total", { method: "tools/call", code: "-32005" })).toBe(1);
    expect(sampleValue(samples, "mcp_request_errors_total", { method: "resources/read", code: "-32002" })).toBe(1);
    expect(sampleValue(samples, "mcp_request_timeouts_total", { method: "tools/call" })).toBe(2);

    expect(sampleValue(samples, "mcp_tool_calls_total", { tool: "add", outcome: "ok" })).toBe(2);
    expect(sampleValue(samples, "mcp_tool_calls_total", { tool: "add", outcome: "tool_error" })).toBe(1);
    expect(sampleValue(samples, "mcp_tool_calls_total", { tool: "slow", outcome: "timeout" })).toBe(1);
    // A name the server does not have never becomes a label value.
    expect(sampleValue(samples, "mcp_tool_calls_total", { tool: "other", outcome: "error" })).toBe(1);
    expect(samples.some((sample) => sample.labels.tool === "nope")).toBe(false);

    // Latency in seconds: counts, sums and cumulative buckets.
    expect(sampleValue(samples, "mcp_request_duration_seconds_count", { method: "tools/call" })).toBe(6);
    expect(sampleValue(samples, "mcp_request_duration_seconds_sum", { method: "tools/call" })).toBeCloseTo(3.3063, 6);
    expect(sampleValue(samples, "mcp_request_duration_seconds_bucket", { method: "tools/call", le: "0.005" })).toBe(3);
    expect(sampleValue(samples, "mcp_request_duration_seconds_bucket", { method: "tools/call", le: "0.5" })).toBe(4);
    expect(sampleValue(samples, "mcp_request_duration_seconds_bucket", { method: "tools/call", le: "+Inf" })).toBe(6);
    expect(sampleValue(samples, "mcp_tool_call_duration_seconds_count", { tool: "slow" })).toBe(2);
    expect(sampleValue(samples, "mcp_tool_call_duration_seconds_sum", { tool: "add" })).toBeCloseTo(0.306, 6);
  });

  it("labels the first names seen when the server does not list its tools, then `other`", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    for (let i = 0; i < 502; i++) metrics.observer.onRequest(record({ target: `t${i}` }));
    metrics.observer.onRequest(record({ target: "t0" }));
    metrics.observer.onRequest(record({ target: undefined }));
    const samples = parsePrometheus(await metrics.render()).filter((sample) => sample.name === "mcp_tool_calls_total");
    expect(samples).toHaveLength(501);
    expect(sampleValue(samples, "mcp_tool_calls_total", { tool: "t0", outcome: "ok" })).toBe(2);
    expect(sampleValue(samples, "mcp_tool_calls_total", { tool: "other", outcome: "ok" })).toBe(3);
  });

  it("reports active connections by transport and sessions as the transports set them", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.setActiveConnections(7);
    metrics.setActiveConnections(2, "ws");
    metrics.setActiveSessions(3);
    metrics.setActiveConnections(5);
    const samples = parsePrometheus(await metrics.render());
    expect(sampleValue(samples, "mcp_active_connections", { transport: "http" })).toBe(5);
    expect(sampleValue(samples, "mcp_active_connections", { transport: "ws" })).toBe(2);
    expect(sampleValue(samples, "mcp_active_sessions")).toBe(3);
  });
});

describe("registry, process metrics and custom metrics", () => {
  it("includes Node.js process metrics by default and leaves them out on request", async () => {
    const metrics = createMetrics();
    // The CPU counter counts from its creation: spend some CPU first, or a render at once can read 0 (it did in CI).
    const start = process.cpuUsage().user;
    while (process.cpuUsage().user - start < 5_000);
    const withDefaults = parsePrometheus(await metrics.render());
    expect(sampleValue(withDefaults, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(withDefaults.some((sample) => sample.name === "nodejs_heap_size_used_bytes")).toBe(true);
    const without = parsePrometheus(await createMetrics({ defaultMetrics: false }).render());
    expect(without.some((sample) => sample.name.startsWith("process_") || sample.name.startsWith("nodejs_"))).toBe(false);
  });

  it("keeps each instance in a registry of its own, so two servers in one process never collide", async () => {
    const first = createMetrics({ defaultMetrics: false });
    const second = createMetrics({ defaultMetrics: false });
    first.observer.onRequest(record());
    expect(sampleValue(parsePrometheus(await first.render()), "mcp_requests_total", { method: "tools/call", outcome: "ok" })).toBe(1);
    expect(sampleValue(parsePrometheus(await second.render()), "mcp_requests_total", { method: "tools/call", outcome: "ok" })).toBeUndefined();
  });

  it("uses a given registry, prefix and default labels", async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, prefix: "notes_", defaultMetrics: false, defaultLabels: { service: "notes" } });
    metrics.observer.onRequest(record());
    expect(metrics.registry).toBe(registry);
    const samples = parsePrometheus(await registry.metrics());
    expect(sampleValue(samples, "notes_requests_total", { method: "tools/call", outcome: "ok", service: "notes" })).toBe(1);
  });

  it("registers custom counters, gauges, histograms and summaries in the same registry", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.counter({ name: "notes_saved_total", help: "Notes saved", labelNames: ["folder"] }).inc({ folder: "inbox" }, 2);
    metrics.gauge({ name: "notes_queue_depth", help: "Queued notes" }).set(9);
    metrics.histogram({ name: "notes_size_bytes", help: "Note sizes", buckets: [100, 1_000] }).observe(500);
    metrics.summary({ name: "notes_index_seconds", help: "Indexing time", percentiles: [0.5] }).observe(0.2);
    const samples = parsePrometheus(await metrics.render());
    expect(sampleValue(samples, "notes_saved_total", { folder: "inbox" })).toBe(2);
    expect(sampleValue(samples, "notes_queue_depth")).toBe(9);
    expect(sampleValue(samples, "notes_size_bytes_bucket", { le: "1000" })).toBe(1);
    expect(sampleValue(samples, "notes_size_bytes_bucket", { le: "100" })).toBe(0);
    expect(sampleValue(samples, "notes_index_seconds", { quantile: "0.5" })).toBeCloseTo(0.2);
    expect(() => metrics.counter({ name: "notes_saved_total", help: "again" })).toThrow(/already been registered/);
  });
});

describe("/metrics over HTTP", () => {
  it("serves the Prometheus text format, never cached", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.observer.onRequest(record());
    const response = await fetch(await serve(metrics.handler));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(metrics.contentType);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(sampleValue(parsePrometheus(await response.text()), "mcp_requests_total", { method: "tools/call", outcome: "ok" })).toBe(1);
  });

  it("requires the bearer token when one is configured: 401 without it or with a wrong one", async () => {
    const token = "metrics-token-0123456789abcdef";
    const url = await serve(createMetrics({ defaultMetrics: false, bearerToken: token }).handler);

    const missing = await fetch(url);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    expect(await missing.json()).toEqual({ error: "unauthorized" });
    for (const authorization of [`Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Basic ${token}`, token, "Bearer ", `Bearer ${token} extra`]) {
      expect((await fetch(url, { headers: { authorization } })).status, authorization).toBe(401);
    }
    const allowed = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("# TYPE mcp_requests_total counter");
    expect((await fetch(url, { headers: { authorization: `bearer ${token}` } })).status).toBe(200);
  });

  it("refuses two Authorization headers with 400 invalid_request, even when the first holds the token", async () => {
    const token = "metrics-token-0123456789abcdef";
    const url = new URL(await serve(createMetrics({ defaultMetrics: false, bearerToken: token }).handler));
    const response = await rawRequest(Number(url.port), { method: "GET", path: url.pathname, headers: { authorization: [`Bearer ${token}`, "Bearer other"] } });
    expect(response?.status).toBe(400);
    expect(response?.headers["www-authenticate"]).toBe('Bearer realm="metrics", error="invalid_request"');
    expect(JSON.parse(response?.body ?? "")).toEqual({ error: "invalid_request" });
  });

  it("answers HEAD without a body and other methods with 405 and Allow", async () => {
    const url = await serve(createMetrics({ defaultMetrics: false }).handler);
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await fetch(url, { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers 500 without details, and logs, when a custom collector throws", async () => {
    const logger = recordingLogger();
    const metrics = createMetrics({ defaultMetrics: false, logger });
    metrics.gauge({
      name: "broken_gauge",
      help: "Throws on collect",
      collect() {
        throw new Error("SECRET-COLLECT-DETAIL");
      },
    });
    const response = await fetch(await serve(metrics.handler));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("SECRET");
    expect(logger.errors.map((entry) => entry.message)).toEqual(["collecting metrics failed"]);
  });

  it("refuses an empty or whitespace bearer token at creation", () => {
    expect(() => createMetrics({ bearerToken: "" })).toThrow(/bearerToken/);
    expect(() => createMetrics({ bearerToken: "two words" })).toThrow(/bearerToken/);
  });
});

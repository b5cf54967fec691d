/** The dispatcher's records, as a real server produces them, reaching the metrics and the audit log. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createAuditLog, createMetrics } from "@turbomcp/runtime/observability";
import { createServer, runStdio } from "@turbomcp/runtime";
import { routes } from "../../fixtures/runtime/routes.js";
import { parsePrometheus, recordingLogger, sampleValue } from "./kit.js";

describe("observers on a real server", () => {
  it("count and log every answered request, including a handler timeout and an unknown tool", async () => {
    const metrics = createMetrics({ tools: routes.tools.keys(), defaultMetrics: false });
    const written: string[] = [];
    const audit = createAuditLog({ destination: { write: (line: string) => written.push(line) } });
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const logger = recordingLogger();
    const done = runStdio(createServer(routes, { observers: [metrics.observer, audit], logger }), { input, output, logger });
    const send = (message: object): boolean => input.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } } });
    send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add", arguments: { a: 1, b: 2 } } });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "sleepy", arguments: {} } });
    send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "no_such_tool", arguments: {} } });
    input.end();
    await done;
    await audit.flush();

    const samples = parsePrometheus(await metrics.render());
    expect(sampleValue(samples, "mcp_requests_total", { method: "initialize", outcome: "ok" })).toBe(1);
    expect(sampleValue(samples, "mcp_tool_calls_total", { tool: "add", outcome: "ok" })).toBe(1);
    expect(sampleValue(samples, "mcp_request_timeouts_total", { method: "tools/call" })).toBe(1);
    expect(sampleValue(samples, "mcp_tool_calls_total", { tool: "sleepy", outcome: "timeout" })).toBe(1);
    expect(sampleValue(samples, "mcp_tool_calls_total", { tool: "other", outcome: "error" })).toBe(1);
    expect(sampleValue(samples, "mcp_request_errors_total", { method: "tools/call", code: "-32602" })).toBe(1);
    expect(sampleValue(samples, "mcp_request_duration_seconds_count", { method: "tools/call" })).toBe(3);

    const lines = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines.find((line) => line.tool === "sleepy")).toMatchObject({ method: "tools/call", outcome: "timeout" });
    expect(lines.find((line) => line.tool === "no_such_tool")).toMatchObject({ outcome: "error", errorCode: -32602 });
    expect(logger.errors).toEqual([]);
  });
});

/**
 * Regression: `/health`, `/health/live`, `/health/ready` and `/metrics` were mounted
 * without the Host/Origin checks of `/mcp`, so a page using DNS rebinding could read
 * health details and metrics from a server on loopback. They now refuse exactly as
 * the MCP endpoint does: same status, same body.
 */
import { describe, expect, it } from "vitest";
import { createHealth, createMetrics } from "../../../packages/runtime/src/entries/observability.js";
import { type McpAppOptions } from "../../../packages/runtime/src/entries/express.js";
import { startApp } from "./kit.js";

const OPERATIONAL_PATHS = ["/health", "/health/live", "/health/ready", "/metrics"] as const;

function operational(options: McpAppOptions = {}): McpAppOptions {
  return { ...options, health: createHealth({ ready: true }).handlers, metrics: createMetrics({ defaultMetrics: false }).handler };
}

describe("health and metrics get the MCP endpoint's DNS-rebinding checks", () => {
  it.each([
    ["a Host that is not allowed", { host: "evil.example:8080" }, "Forbidden: Host not allowed"],
    ["a foreign Origin", { origin: "https://evil.example" }, "Forbidden: Origin not allowed"],
  ])("refuses %s on every path with the MCP endpoint's 403", async (_name, headers, message) => {
    const { request } = await startApp(operational());
    const mcp = await request({ method: "GET", path: "/mcp", headers });
    expect(mcp.status).toBe(403);
    expect(JSON.parse(mcp.body)).toMatchObject({ jsonrpc: "2.0", error: { code: -32003, message } });
    for (const path of OPERATIONAL_PATHS) {
      const refused = await request({ method: "GET", path, headers });
      expect({ path, status: refused.status, body: refused.body }).toEqual({ path, status: mcp.status, body: mcp.body });
    }
  });

  it("serves loopback requests, and allowed hosts and origins when configured", async () => {
    const local = await startApp(operational());
    for (const path of OPERATIONAL_PATHS) {
      expect((await local.request({ method: "GET", path, headers: { origin: `http://localhost:${local.port}` } })).status, path).toBe(200);
    }
    const remote = await startApp(operational({ allowedHosts: ["mcp.example.com"], allowedOrigins: ["https://app.example.com"] }));
    for (const path of OPERATIONAL_PATHS) {
      expect((await remote.request({ method: "GET", path, headers: { host: "mcp.example.com", origin: "https://app.example.com" } })).status, path).toBe(200);
      expect((await remote.request({ method: "GET", path })).status, path).toBe(403);
      expect((await remote.request({ method: "GET", path, headers: { host: "mcp.example.com", origin: "http://localhost" } })).status, path).toBe(403);
    }
  });
});

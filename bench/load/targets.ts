/**
 * Every server the benchmark measures, each a script in bench/servers/ started in its
 * own process, and the protocol flavour its load speaks. turbomcp serves both eras
 * on one endpoint, so its stateless (2026-07-28) and session (2025-11-25) targets
 * run the same server under different requests.
 */
import type { Flavour } from "./mcp-requests.js";

export interface Target {
  readonly id: string;
  readonly label: string;
  readonly script: string;
  readonly mode?: string;
  readonly transport: "http" | "stdio";
  readonly flavour: Flavour;
  /** Ours: the ratios are turbomcp's figures over each peer's. */
  readonly turbomcp: boolean;
  /** A JSON echo, not an MCP server: only the `tools/call` (or stdio call) workload applies. */
  readonly ceiling: boolean;
  /** Headers every request carries besides the protocol's (the tenancy target's tenant). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Environment the server starts with besides the harness's own (the auth target's keys). */
  readonly env?: Readonly<Record<string, string>>;
}

const http = (id: string, label: string, script: string, flavour: Flavour, mode?: string): Target => ({
  id,
  label,
  script,
  ...(mode !== undefined && { mode }),
  transport: "http",
  flavour,
  turbomcp: script === "turbomcp.ts",
  ceiling: flavour === "echo",
});

const stdio = (id: string, label: string, script: string, ceiling = false): Target => ({
  id,
  label,
  script,
  transport: "stdio",
  flavour: "session",
  turbomcp: script === "turbomcp.ts",
  ceiling,
});

export const TARGETS: readonly Target[] = [
  http("turbomcp-stateless", "turbomcp, 2026-07-28 stateless", "turbomcp.ts", "modern"),
  http("turbomcp-sessions", "turbomcp, 2025-11-25 sessions", "turbomcp.ts", "session"),
  http("sdk-v1-stateful", "SDK v1, stateful", "sdk-v1.ts", "session", "stateful"),
  http("sdk-v1-stateless", "SDK v1, stateless", "sdk-v1.ts", "stateless", "stateless"),
  http("sdk-v2-stateless", "SDK v2, 2026-07-28 stateless", "sdk-v2.ts", "modern", "stateless"),
  http("sdk-v2-stateful", "SDK v2, stateful", "sdk-v2.ts", "session", "stateful"),
  http("fastmcp-stateful", "FastMCP, stateful", "fastmcp.ts", "session", "stateful"),
  http("fastmcp-stateless", "FastMCP, stateless", "fastmcp.ts", "stateless", "stateless"),
  http("node-http-echo", "ceiling: node:http JSON echo", "node-http-echo.ts", "echo"),
  http("express-echo", "ceiling: Express 5 + express.json() echo", "express-echo.ts", "echo"),
  // The manifest's tenancy on (tenant from a header, a policy, per-tenant limits): measured against the plain server in alternating runs.
  { ...http("turbomcp-tenancy", "turbomcp, 2026-07-28 stateless, tenancy on", "turbomcp.ts", "modern", "tenancy"), headers: { "x-tenant-id": "bench" } },
  // Three trivial middleware configured in code (servers/middleware.ts): measured against the plain server in alternating runs.
  http("turbomcp-middleware", "turbomcp, 2026-07-28 stateless, 3 middleware", "turbomcp.ts", "modern", "middleware"),
  // Auth required: the same server with an API key, a jwt or an oauth2 scheme, measured in alternating runs (servers/auth.ts).
  http("turbomcp-auth", "turbomcp, 2026-07-28 stateless, auth", "turbomcp.ts", "modern", "auth"),
  stdio("turbomcp-stdio", "turbomcp, stdio", "turbomcp.ts"),
  stdio("sdk-v1-stdio", "SDK v1, stdio", "sdk-v1.ts"),
  stdio("sdk-v2-stdio", "SDK v2, stdio", "sdk-v2.ts"),
  stdio("fastmcp-stdio", "FastMCP, stdio", "fastmcp.ts"),
  stdio("stdio-echo", "ceiling: bare stdio line echo", "stdio-echo.ts", true),
];

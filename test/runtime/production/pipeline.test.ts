/**
 * The whole pipeline in a generated server's process: `runMain --transport http
 * --config <file>` with the manifest's JWT auth, per-tool scopes, route and endpoint
 * rate limits, health, metrics, the audit log and a graceful SIGTERM.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../../helpers/raw-http.js";
import { PER_PRINCIPAL_LIMIT } from "./fixture/routes.js";
import { callTool, start, token, type Started } from "./kit.js";

const METRICS_TOKEN = "metrics-token-0123456789";

async function sdkClient(url: string, bearer: string): Promise<Client> {
  const client = new Client({ name: "production-test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${bearer}` } } }));
  return client;
}

function text(result: unknown): string {
  return String((result as { content: { text: string }[] }).content[0]?.text);
}

describe("runMain --transport http runs the production pipeline", { timeout: 60_000 }, () => {
  let folder: string;
  let auditFile: string;
  let server: Started;
  const tokens: string[] = [];
  const signed = async (subject: string, scope: string, audience?: string): Promise<string> => {
    const jwt = await token(subject, scope, audience);
    tokens.push(jwt);
    return jwt;
  };

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), "turbomcp-production-"));
    auditFile = path.join(folder, "audit.log");
    const configFile = path.join(folder, "turbomcp.json");
    writeFileSync(configFile, JSON.stringify({ audit: { destination: "file", file: auditFile }, drainTimeoutMs: 5_000 }));
    server = await start(["--transport", "http", "--port", "0", "--config", configFile], { TURBOMCP_METRICS_TOKEN: METRICS_TOKEN });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("lets the official SDK client call a tool with a JWT that holds the tool's scope", async () => {
    const client = await sdkClient(server.url, await signed("alice", "notes:read"));
    expect(text(await client.callTool({ name: "whoami", arguments: {} }))).toBe("subject: alice");
    await client.close();
  });

  it("refuses a caller without the tool's scope: 403 insufficient_scope naming the scope, and -32003", async () => {
    // The SDK client sees the HTTP 403 (and would step up its authorization with an auth provider).
    const client = await sdkClient(server.url, await signed("bob", "notes:read"));
    await expect(client.callTool({ name: "erase", arguments: {} })).rejects.toThrow(/Error POSTing to endpoint.*-32003/s);
    await client.close();
    const response = await callTool(server.url, "erase", await signed("bob", "notes:read"));
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer .*error="insufficient_scope", scope="notes:admin"/);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32003);
  });

  it("asks a caller without a token to authenticate: 401 with WWW-Authenticate", async () => {
    const response = await callTool(server.url, "whoami");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32001);
  });

  it("refuses a token the same issuer minted for another resource: 401 invalid_token", async () => {
    const response = await callTool(server.url, "whoami", await signed("alice", "notes:read", "https://other-resource.example"));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
  });

  it("enforces a tool's rateLimit (429, -32004) and the manifest's perPrincipal limit (429 with Retry-After)", async () => {
    const carol = await signed("carol", "");
    expect((await callTool(server.url, "once", carol)).status).toBe(200);
    const limited = await callTool(server.url, "once", carol);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: number } }).error.code).toBe(-32004);

    const dave = await signed("dave", "notes:read");
    const statuses: number[] = [];
    for (let index = 0; index <= PER_PRINCIPAL_LIMIT; index++) {
      const response = await callTool(server.url, "whoami", dave);
      statuses.push(response.status);
      if (response.status === 429) expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    }
    expect(statuses).toEqual([...Array.from({ length: PER_PRINCIPAL_LIMIT }, () => 200), 429]);
  });

  it("serves /health/ready and a protected /metrics that counts the calls", async () => {
    expect((await fetch(`${server.origin}/health/ready`)).status).toBe(200);
    expect((await fetch(`${server.origin}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
    const body = await metrics.text();
    expect(body).toMatch(/mcp_tool_calls_total\{[^}]*tool="whoami"[^}]*\} [1-9]/);
  });

  it("refuses /health and /metrics to a rebinding Host or a foreign Origin as /mcp does: 403, -32003", async () => {
    const port = Number(new URL(server.origin).port);
    for (const path of ["/mcp", "/health", "/health/live", "/health/ready", "/metrics"]) {
      for (const headers of [{ host: "rebound.example" }, { origin: "https://evil.example" }]) {
        const response = await rawRequest(port, { method: "GET", path, headers: { ...headers, authorization: `Bearer ${METRICS_TOKEN}` } });
        expect({ path, headers, status: response?.status }).toEqual({ path, headers, status: 403 });
        expect((JSON.parse(response?.body ?? "{}") as { error?: { code: number } }).error?.code).toBe(-32003);
      }
    }
  });

  it("drains on SIGTERM, exits 0 and leaves an audit line per call with no token in it", async () => {
    expect(await server.stop()).toBe(0);
    const audit = readFileSync(auditFile, "utf8");
    const lines = audit
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ method: "tools/call", tool: "whoami", principal: "alice" }));
    expect(lines).toContainEqual(expect.objectContaining({ method: "tools/call", tool: "erase", principal: "bob", errorCode: -32003 }));
    for (const jwt of tokens) {
      expect(audit).not.toContain(jwt);
      expect(server.stderr()).not.toContain(jwt);
    }
    expect(audit).not.toContain(METRICS_TOKEN);
    expect(server.stderr()).not.toContain(METRICS_TOKEN);
    // Over HTTP with the audit log in a file, stdout stays empty.
    expect(server.stdout()).toBe("");
  });
});

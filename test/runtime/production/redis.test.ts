/**
 * Two server processes with one `redisUrl` (TURBOMCP_REDIS_URL) share their rate-limit
 * counts through a real redis-server: a principal's budget is spent across both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "../../helpers/redis-server.js";
import { PER_PRINCIPAL_LIMIT } from "./fixture/routes.js";
import { callTool, start, token, type Started } from "./kit.js";

describe("several instances on one Redis", { timeout: 60_000 }, () => {
  let redis: RedisServer;
  const servers: Started[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { TURBOMCP_REDIS_URL: redis.url, TURBOMCP_AUDIT_ENABLED: "false" };
    servers.push(await start(["--transport", "http", "--port", "0"], env), await start(["--transport", "http", "--port", "0"], env));
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.stop();
  });

  it("counts one principal's requests on both instances against one limit", async () => {
    const [a, b] = servers as [Started, Started];
    const jwt = await token("erin", "notes:read");
    const statuses: number[] = [];
    for (let index = 0; index < PER_PRINCIPAL_LIMIT; index++) statuses.push((await callTool((index % 2 === 0 ? a : b).url, "whoami", jwt)).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect((await callTool(a.url, "whoami", jwt)).status).toBe(429);
    expect((await callTool(b.url, "whoami", jwt)).status).toBe(429);
  });

  it("shares a tool's rateLimit: the second call is refused on the other instance", async () => {
    const [a, b] = servers as [Started, Started];
    expect((await callTool(a.url, "once", await token("frank", ""))).status).toBe(200);
    expect((await callTool(b.url, "once", await token("frank", ""))).status).toBe(429);
  });

  it("shares sessions, and answers 503 (not a hang) for a session it must read while Redis hangs", async () => {
    const [a, b] = servers as [Started, Started];
    const jwt = await token("gina", "notes:read");
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${jwt}` };
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    const opened = await fetch(a.url, { method: "POST", headers, body: JSON.stringify(initialize) });
    await opened.arrayBuffer();
    const session = { ...headers, "mcp-session-id": opened.headers.get("mcp-session-id") ?? "", "mcp-protocol-version": "2025-11-25" };
    const ping = (url: string, id: number): Promise<Response> =>
      fetch(url, { method: "POST", headers: session, body: JSON.stringify({ jsonrpc: "2.0", id, method: "ping" }) });
    redis.pause();
    try {
      // B holds no copy and cannot read the record: a clear refusal once the command times out.
      const refused = await ping(b.url, 2);
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/Session store unavailable/);
      // A serves the session it holds.
      expect((await ping(a.url, 3)).status).toBe(200);
    } finally {
      redis.resume();
    }
    expect((await ping(b.url, 4)).status).toBe(200);
  });

  it("reports Redis in /health and both drain and exit 0 on SIGTERM", async () => {
    const details = (await (await fetch(`${servers[0]!.origin}/health`)).json()) as { checks: Record<string, { status?: string; healthy?: boolean }> };
    expect(Object.keys(details.checks)).toContain("redis");
    for (const server of servers.splice(0)) expect(await server.stop()).toBe(0);
  });
});

/**
 * Idle memory per legacy Streamable HTTP session (the benchmark issue aims at ≤ 8 KB):
 * opens N sessions over real HTTP on loopback (initialize, then
 * notifications/initialized, as clients do), lets them go idle, and divides the
 * growth of the V8 heap by N. Everything a session keeps is counted: the session
 * object, its manager entry and store record, and the server's connection state.
 * A benchmark, not a test: it reports, it never fails.
 *
 *   node --expose-gc --import tsx --conditions=turbomcp-source bench/session-memory.ts [--sessions N]
 */
import { Agent, createServer as createHttpServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { createServer, createStreamableHttpHandler } from "turbomcp/runtime";
import { routes } from "../test/fixtures/runtime/routes.js";

const AIM_BYTES = 8 * 1024;
const { values } = parseArgs({ options: { sessions: { type: "string", default: "5000" } } });
const count = Number(values.sessions);

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

function settledHeap(): number {
  for (let i = 0; i < 5; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function post(port: number, body: unknown, session?: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/mcp",
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(session === undefined ? {} : { "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" }),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.headers["mcp-session-id"] as string | undefined));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const initialize = { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bench", version: "0" } } };
const initialized = { jsonrpc: "2.0", method: "notifications/initialized" };

const WARM_UP = 200;
const mcp = createStreamableHttpHandler(createServer(routes), { maxSessions: count + WARM_UP });
const http = createHttpServer((req, res) => mcp(req, res));
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
const port = (http.address() as AddressInfo).port;

async function openSessions(n: number): Promise<void> {
  const batch = 64;
  for (let done = 0; done < n; done += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, n - done) }, async () => {
        const id = await post(port, initialize);
        await post(port, initialized, id);
      }),
    );
  }
}

// Warm up (JIT, sockets, lazily built tables) so the baseline holds everything but the sessions.
await openSessions(WARM_UP);
const before = settledHeap();
await openSessions(count);
await mcp.sessions.flush();
const after = settledHeap();
const perSession = (after - before) / count;
console.log(`sessions: ${count} (plus ${WARM_UP} warm-up), active ${mcp.sessions.size}`);
console.log(`heap growth: ${((after - before) / 1024 / 1024).toFixed(2)} MiB → ${Math.round(perSession)} bytes per idle session (aim ≤ ${AIM_BYTES})`);
mcp.close();
agent.destroy();
http.close();

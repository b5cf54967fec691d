/**
 * Idle memory per legacy Streamable HTTP session (the benchmark issue aims at ≤ 8 KB):
 * opens N sessions over real HTTP on loopback (initialize, then
 * notifications/initialized, as clients do), lets them go idle, and divides the
 * growth of the V8 heap by N. Everything a session keeps is counted: the session
 * object, its manager entry and store record. Sessions are opened as `npm run bench`
 * opens them (bench/load/sessions.ts); its idle-session workload measures the same
 * in a server process of its own, this one in-process on the test fixture's routes.
 * A benchmark, not a test: it reports, it never fails.
 *
 *   node --expose-gc --import tsx --conditions=turbomcp-source bench/session-memory.ts [--sessions N]
 */
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { createServer } from "@turbomcp/runtime";
import { createStreamableHttpHandler } from "@turbomcp/runtime/http";
import { routes } from "../test/fixtures/runtime/routes.js";
import { openSessions } from "./load/sessions.js";

const AIM_BYTES = 8 * 1024;
const { values } = parseArgs({ options: { sessions: { type: "string", default: "5000" } } });
const count = Number(values.sessions);

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

function settledHeap(): number {
  for (let i = 0; i < 5; i++) gc!();
  return process.memoryUsage().heapUsed;
}

const WARM_UP = 200;
const mcp = createStreamableHttpHandler(createServer(routes), { maxSessions: count + WARM_UP });
const http = createHttpServer((req, res) => mcp(req, res));
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
const port = (http.address() as AddressInfo).port;

// Warm up (JIT, sockets, lazily built tables) so the baseline holds everything but the sessions.
await openSessions(port, "/mcp", WARM_UP, 64);
const before = settledHeap();
await openSessions(port, "/mcp", count, 64);
await mcp.sessions.flush();
const after = settledHeap();
const perSession = (after - before) / count;
console.log(`sessions: ${count} (plus ${WARM_UP} warm-up), active ${mcp.sessions.size}`);
console.log(`heap growth: ${((after - before) / 1024 / 1024).toFixed(2)} MiB → ${Math.round(perSession)} bytes per idle session (aim ≤ ${AIM_BYTES})`);
mcp.close();
http.close();

/**
 * The turbomcp benchmark server: the generated routes of the benchmark project
 * (turbomcp-project.ts, made by the harness beforehand) served by `runMain`, the
 * same entry a generated `server.gen.ts` uses, with the production pipeline on:
 * security headers, Origin/Host checks, body limit, per-IP rate limiter, metrics and
 * the audit log (to stdout over HTTP, stderr on stdio; the harness discards both).
 *
 *   node --expose-gc --import tsx bench/servers/turbomcp.ts --port P --tools N
 *   node --expose-gc --import tsx bench/servers/turbomcp.ts --stdio --tools N
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { runMain, type RouteTable } from "turbomcp/runtime";
import { benchServerArgs } from "./args.js";
import { installProbe } from "./probe.js";
import { turbomcpProjectDir } from "./turbomcp-project.js";

const args = benchServerArgs();
const routesFile = path.join(turbomcpProjectDir(args.tools), "src", "generated", "routes.gen.ts");
const { routes } = (await import(pathToFileURL(routesFile).href)) as { routes: RouteTable };
installProbe();
const argv = args.stdio ? ["--transport", "stdio"] : ["--transport", "http", "--port", String(args.port)];
// Room for the idle-session workload (10,000 sessions plus its warm-up) under the session cap.
await runMain(routes, argv, { config: { sessions: { maxSessions: 50_000 } } });

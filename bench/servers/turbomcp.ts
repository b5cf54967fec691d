/**
 * The turbomcp benchmark server: the generated routes of the benchmark project
 * (turbomcp-project.ts, made by the harness beforehand) served by `runMain`, the
 * same entry a generated `server.gen.ts` uses, with the production pipeline on:
 * security headers, Origin/Host checks, body limit, per-IP rate limiter, metrics and
 * the audit log (to stdout over HTTP, stderr on stdio; the harness discards both).
 *
 *   node --expose-gc --import tsx bench/servers/turbomcp.ts --port P --tools N
 *   node --expose-gc --import tsx bench/servers/turbomcp.ts --stdio --tools N
 *   node --expose-gc --import tsx bench/servers/turbomcp.ts --port P --mode tenancy
 *   node --expose-gc --import tsx bench/servers/turbomcp.ts --port P --mode auth-jwt
 *   node --expose-gc --import tsx bench/servers/turbomcp.ts --port P --mode middleware
 *
 * `--mode tenancy` adds the manifest's tenancy to the same routes: the tenant from the
 * `x-tenant-id` header (required), a policy that lists the tools it may use, its own
 * rate limit and concurrency bound, and the endpoint's per-tenant limit, all set high
 * enough never to refuse the load, so every call pays for every check.
 *
 * `--mode auth-apikey`, `auth-jwt` and `auth-oauth2` require one auth scheme of the
 * manifest's (auth.ts; the harness puts its keys in the environment), so every call
 * is authenticated first.
 *
 * `--mode middleware` serves the same routes behind three trivial middleware
 * (middleware.ts), configured in code as a user configures theirs.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { defineRoutes, runMain, type AuthScheme, type RouteTable } from "@turbomcp/runtime";
import { benchServerArgs } from "./args.js";
import { benchAuthScheme, isAuthMode } from "./auth.js";
import { benchMiddleware } from "./middleware.js";
import { installProbe } from "./probe.js";
import { turbomcpProjectDir } from "./turbomcp-project.js";

const args = benchServerArgs();
const routesFile = path.join(turbomcpProjectDir(args.tools), "src", "generated", "routes.gen.ts");
const { routes: generated } = (await import(pathToFileURL(routesFile).href)) as { routes: RouteTable };
const routes = args.mode === "tenancy" ? withTenancy(generated) : isAuthMode(args.mode) ? withAuth(generated, benchAuthScheme(args.mode)) : generated;
installProbe();
const argv = args.stdio ? ["--transport", "stdio"] : ["--transport", "http", "--port", String(args.port)];
// Room for the idle-session workload (10,000 sessions plus its warm-up) under the session cap.
await runMain(routes, argv, {
  config: { sessions: { maxSessions: 50_000 } },
  ...(args.mode === "middleware" && { middleware: benchMiddleware() }),
});

function withTenancy(table: RouteTable): RouteTable {
  const high = { limit: 1_000_000_000, windowMs: 60_000 };
  return defineRoutes({
    server: table.server,
    tools: [...table.tools.values()],
    rateLimits: process.env.BISECT_NO_PERTENANT ? { ...table.rateLimits } : { ...table.rateLimits, perTenant: high },
    tenancy: {
      sources: [{ type: "header", name: "x-tenant-id" }],
      required: true,
      defaults: { deniedTools: [...table.tools.keys()] },
      tenants: { bench: process.env.BISECT_PLAIN_POLICY ? {} : { allowedTools: [...table.tools.keys()], rateLimit: high, maxConcurrentRequests: 100_000 } },
    },
  });
}

function withAuth(table: RouteTable, scheme: AuthScheme): RouteTable {
  return defineRoutes({
    server: table.server,
    tools: [...table.tools.values()],
    rateLimits: { ...table.rateLimits },
    auth: { schemes: [scheme], required: true, hideUnauthorized: true },
  });
}

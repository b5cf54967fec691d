/**
 * The turbomcp benchmark server as one instance of the reference deployment
 * (deploy/cluster/topology.ts starts it as it starts any server entry:
 * `--transport http --host 127.0.0.1 --port 0`, with the cluster's variables). The
 * routes are the benchmark project's (turbomcp-project.ts, 1 tool), served by
 * `runMain` with the production pipeline, plus what the notification workload needs:
 *
 * - a resource `bench://tick` that clients subscribe to;
 * - a tool `touch`, with `add`'s schema and answer, that first tells every subscriber
 *   of `bench://tick` it changed (`notifyResourceUpdated`): on several instances the
 *   update crosses the cluster bus to the instance that holds the subscriber's stream.
 *
 * `BENCH_CLUSTER_STATE=memory` drops `TURBOMCP_REDIS_URL`, which the topology always
 * sets: the same deployment then keeps its sessions and rate limits in memory, the
 * baseline the Redis-backed deployment is measured against.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { defineRoutes, notifyResourceUpdated, runMain, type ResourceRoute, type RouteTable, type ToolRoute } from "@turbomcp/runtime";
import { CLUSTER_STATE_ENV, TICK_URI, TOUCH_TOOL } from "./cluster-names.js";
import { turbomcpProjectDir } from "./turbomcp-project.js";

const routesFile = path.join(turbomcpProjectDir(1), "src", "generated", "routes.gen.ts");
const { routes: generated } = (await import(pathToFileURL(routesFile).href)) as { routes: RouteTable };
if (process.env[CLUSTER_STATE_ENV] === "memory") delete process.env.TURBOMCP_REDIS_URL;
// Room for every session the load opens, as bench/servers/turbomcp.ts.
await runMain(withTick(generated), process.argv.slice(2), { config: { sessions: { maxSessions: 50_000 } } });

function withTick(table: RouteTable): RouteTable {
  const add = table.tools.get("add");
  if (add === undefined) throw new Error(`the benchmark project has no "add" tool (${routesFile})`);
  const touch: ToolRoute = {
    ...add,
    definition: { ...add.definition, name: TOUCH_TOOL, description: `Adds two numbers, after telling the subscribers of ${TICK_URI} that it changed.` },
    handler: (input, ctx) => {
      notifyResourceUpdated(TICK_URI);
      return add.handler(input, ctx);
    },
  };
  const tick: ResourceRoute = {
    definition: { uri: TICK_URI, name: "tick", mimeType: "text/plain" },
    handler: () => "tick",
    policy: add.policy,
  };
  return defineRoutes({
    server: table.server,
    tools: [...table.tools.values(), touch],
    resources: [tick],
    ...(table.rateLimits !== undefined && { rateLimits: { ...table.rateLimits } }),
  });
}

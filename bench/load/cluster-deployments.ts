/**
 * The two deployments the cluster workloads compare, both started by the reference
 * deployment's own code (deploy/cluster/topology.ts: instances of a server entry
 * behind HAProxy, round robin, no stickiness), on loopback:
 *
 * - `memory`: one instance whose state (sessions, rate limits) stays in memory. One,
 *   because the reference balancer has no stickiness: a 2025-11-25 session lives on
 *   the instance that opened it, and a second instance would answer its requests 404.
 * - `redis`: two instances sharing one redis-server (`TURBOMCP_REDIS_URL`): any
 *   instance serves any session.
 *
 * The instances run bench/servers/turbomcp-instance.ts. Both deployments run at once
 * and the workloads alternate between them; the idle one costs only HAProxy's health
 * checks. When the harness is pinned (cpu-pinning.ts), every process of both (HAProxy,
 * the instances, Redis) moves to the server's core: the server side gets one core
 * whatever its number of processes, so the figures compare CPU per request, not what a
 * second core would add.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalRedis, type LocalRedis } from "../../deploy/cluster/redis.js";
import { startCluster, type Cluster, type ClusterInstance } from "../../deploy/cluster/topology.js";
import { CLUSTER_STATE_ENV } from "../servers/cluster-names.js";
import { pinProcesses, type Pinning } from "./cpu-pinning.js";
import { childPids, cpuMicros, rssBytes } from "./process-stats.js";
import { freePort } from "./server-process.js";

const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../servers/turbomcp-instance.ts");
/** Instances compile their sources through tsx at start: slow on a busy machine. */
const START_TIMEOUT_MS = 90_000;
const OUTPUT_LINES = 60;
const MIB = 1024 * 1024;

export type StateKind = "memory" | "redis";

export interface Deployment {
  readonly state: StateKind;
  /** The balancer's port and MCP path. */
  readonly port: number;
  readonly path: string;
  readonly instances: readonly ClusterInstance[];
  /** Its processes: the instances, HAProxy, and redis-server for the Redis deployment. */
  readonly pids: readonly number[];
  /** CPU time of all its processes so far, µs; absent where /proc cannot be read. */
  readonly cpu?: () => Promise<number>;
  /** Resident memory of all its processes, MiB; undefined where /proc cannot be read. */
  rssMb(): number | undefined;
}

export interface Deployments {
  readonly memory: Deployment;
  readonly redis: Deployment;
  /** The last lines the processes printed (HAProxy's access log left out), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface DeploymentOptions {
  readonly pinning: Pinning;
  readonly log: (line: string) => void;
}

/** The harness's own TURBOMCP_* variables would leak into the instances' config. */
function instanceEnv(state: StateKind): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TURBOMCP_")));
  return {
    ...env,
    NODE_ENV: "production",
    // The instances' stdout is read line by line by this process, on the load generator's core: no audit line per request.
    TURBOMCP_AUDIT_ENABLED: "false",
    [CLUSTER_STATE_ENV]: state,
  };
}

/** Starts Redis, then the memory deployment, then the Redis one; everything started is stopped if a part fails. */
export async function startDeployments(options: DeploymentOptions): Promise<Deployments> {
  const output: string[] = [];
  const onOutput = (source: string, stream: string, line: string): void => {
    // HAProxy's access log: one line per request.
    if (source === "haproxy" && stream === "stdout") return;
    output.push(`[${source}] ${line}`);
    if (output.length > OUTPUT_LINES) output.shift();
  };
  const started: { redis?: LocalRedis; clusters: Cluster[] } = { clusters: [] };
  const stop = async (): Promise<void> => {
    for (const cluster of started.clusters.reverse()) await cluster.stop();
    await started.redis?.stop();
  };
  try {
    const before = new Set(childPids());
    const redis = await startLocalRedis(await freePort(), onOutput);
    started.redis = redis;
    const redisPids = childPids().filter((pid) => !before.has(pid));
    const launch = async (state: StateKind, instances: number): Promise<Deployment> => {
      const others = new Set(childPids());
      const cluster = await startCluster({
        instances,
        port: await freePort(),
        entry: ENTRY,
        redisUrl: redis.url,
        env: instanceEnv(state),
        onOutput,
        startTimeoutMs: START_TIMEOUT_MS,
      });
      started.clusters.push(cluster);
      const own = childPids().filter((pid) => !others.has(pid));
      const pids = state === "redis" ? [...own, ...redisPids] : own;
      if (!pinProcesses(pids, options.pinning)) options.log(`  cluster: taskset could not move the ${state} deployment to the server's core`);
      const url = new URL(cluster.url);
      const readable = cpuMicros(pids) !== undefined;
      return {
        state,
        port: Number(url.port),
        path: url.pathname,
        instances: cluster.instances,
        pids,
        ...(readable && { cpu: () => Promise.resolve(cpuMicros(pids) ?? Number.NaN) }),
        rssMb: () => {
          const bytes = rssBytes(pids);
          return bytes === undefined ? undefined : bytes / MIB;
        },
      };
    };
    const memory = await launch("memory", 1);
    const shared = await launch("redis", 2);
    options.log(`  cluster: ${memory.pids.length} processes in memory, ${shared.pids.length} with Redis (instances, HAProxy, Redis)`);
    return { memory, redis: shared, output: () => output.join("\n"), stop };
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output.join("\n")}`.trim(), { cause: error });
  }
}

/**
 * The reference deployment for several instances (deploy/cluster/topology.ts: N
 * turbomcp instances behind HAProxy, round robin, no stickiness) on free loopback
 * ports, with a real redis-server of its own, for end-to-end tests. One topology
 * per test file: `useCluster()` starts it in beforeAll and stops it in afterAll.
 *
 * @example
 * ```ts
 * const cluster = useCluster();
 * it("answers through the balancer", async () => {
 *   const response = await fetch(cluster().url, { method: "POST" });
 *   expect(response.headers.get(BACKEND_HEADER)).toMatch(/^s\d$/);
 * });
 * ```
 */
import { afterAll, beforeAll } from "vitest";
import { parseAccessLogLine, type AccessLogEntry } from "../../deploy/cluster/access-log.js";
import { startCluster, type Cluster } from "../../deploy/cluster/topology.js";
import { freePort } from "./free-port.js";
import { startRedisServer } from "./redis-server.js";

/** The response header naming the instance that answered (set by HAProxy). */
export const BACKEND_HEADER = "x-turbomcp-backend";

export interface TestClusterOptions {
  /** Default 3. */
  readonly instances?: number;
  /** Another server entry than examples/everything. */
  readonly entry?: string;
  /** More variables for the instances. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface TestRedis {
  readonly url: string;
  readonly running: boolean;
  /** Stops redis-server (its data goes with it). */
  stop(): Promise<void>;
  /** Starts a fresh, empty redis-server on the same port. */
  start(): Promise<void>;
}

/** The topology's controls (deploy/cluster/topology.ts documents each), with a Redis the test can stop and start. */
export interface TestCluster extends Pick<
  Cluster,
  "url" | "instances" | "kill" | "signal" | "drain" | "restart" | "statuses" | "inProgress" | "waitForStatus"
> {
  readonly redis: TestRedis;
  /** HAProxy's access log so far, one entry per request (see deploy/cluster/access-log.ts). */
  readonly accessLog: readonly AccessLogEntry[];
  /** The last lines the instances and HAProxy printed on stderr, for failure messages. */
  output(): string;
  /** Stops HAProxy, the instances and Redis. */
  stop(): Promise<void>;
}

const OUTPUT_LINES = 200;

/** The test runner's own TURBOMCP_* variables would leak into the instances' config. */
function baseEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TURBOMCP_")));
  // The audit log (one stdout line per request) costs the shared machine CPU and is tested elsewhere.
  return { ...env, TURBOMCP_AUDIT_ENABLED: "false", ...extra };
}

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const redis = await startRedisServer();
  const accessLog: AccessLogEntry[] = [];
  const output: string[] = [];
  let cluster: Cluster;
  try {
    cluster = await startCluster({
      ...(options.instances !== undefined && { instances: options.instances }),
      ...(options.entry !== undefined && { entry: options.entry }),
      port: await freePort(),
      redisUrl: redis.url,
      env: baseEnv(options.env ?? {}),
      onOutput(source, stream, line) {
        const entry = source === "haproxy" && stream === "stdout" ? parseAccessLogLine(line) : undefined;
        if (entry !== undefined) return void accessLog.push(entry);
        output.push(`[${source}] ${line}`);
        if (output.length > OUTPUT_LINES) output.shift();
      },
    });
  } catch (error) {
    await redis.stop();
    throw error;
  }
  return {
    url: cluster.url,
    instances: cluster.instances,
    accessLog,
    redis: {
      url: redis.url,
      get running() {
        return redis.running;
      },
      stop: () => redis.stop(),
      start: () => redis.restart(),
    },
    kill: (index, signal) => cluster.kill(index, signal),
    signal: (index, signal) => cluster.signal(index, signal),
    drain: (index, timeoutMs) => cluster.drain(index, timeoutMs),
    restart: (index) => cluster.restart(index),
    statuses: () => cluster.statuses(),
    inProgress: () => cluster.inProgress(),
    waitForStatus: (index, status, timeoutMs) => cluster.waitForStatus(index, status, timeoutMs),
    output: () => output.join("\n"),
    async stop() {
      await cluster.stop();
      await redis.stop();
    },
  };
}

/** Starts the cluster in beforeAll and stops it in afterAll; call the result inside tests. */
export function useCluster(options: TestClusterOptions = {}): () => TestCluster {
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    cluster = await startTestCluster(options);
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);
  return () => {
    if (cluster === undefined) throw new Error("the cluster is not running (did beforeAll fail?)");
    return cluster;
  };
}

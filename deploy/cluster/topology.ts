/**
 * The reference deployment for several instances, on one machine: N turbomcp
 * instances sharing one Redis, behind HAProxy in round robin without stickiness.
 * `npm run cluster` (main.ts) and the tests' helper (test/helpers/cluster.ts) both
 * start it through `startCluster`; Redis is theirs to start, as the script and the
 * tests run it differently.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findHaproxy } from "./haproxy-binary.js";
import { renderHaproxyConfig, serverName } from "./haproxy-config.js";
import { serverStats, setServerState } from "./haproxy-stats.js";
import { DEFAULT_ENTRY, REPO_ROOT, startInstance, type RunningInstance } from "./instance.js";
import { startProcess, type Exit, type ManagedProcess, type OutputListener } from "./process.js";

/** The template's backends: the instances that are ready, and the same instances when none is (liveness only). */
const READY_BACKEND = "turbomcp";
const BACKENDS = [READY_BACKEND, "turbomcp_live"] as const;
export const DEFAULT_INSTANCES = 3;
const DEFAULT_START_TIMEOUT_MS = 30_000;
/** How long a stopped instance may drain before it is killed: the server's default drain (10 s) and its exit hooks. */
const STOP_TIMEOUT_MS = 20_000;
const POLL_MS = 100;

export interface ClusterOptions {
  /** How many turbomcp instances; default 3. */
  readonly instances?: number;
  /** The balancer's port. */
  readonly port: number;
  /** The address the balancer binds; default 127.0.0.1. The instances always listen on 127.0.0.1. */
  readonly host?: string;
  /** One port per instance; default all 0 (the system picks, and a restart reuses it). */
  readonly instancePorts?: readonly number[];
  /** The server entry each instance runs; default examples/everything's generated entry. */
  readonly entry?: string;
  /** The Redis every instance shares (`TURBOMCP_REDIS_URL`). */
  readonly redisUrl: string;
  /** The instances' environment before the cluster's own variables; default this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** `TURBOMCP_REQUEST_STATE_SECRET` of every instance; default 32 random bytes, the same for all. */
  readonly requestStateSecret?: string;
  /** The HAProxy binary; default `$HAPROXY_BIN`, else `haproxy` on PATH or in /usr/sbin. */
  readonly haproxyBinary?: string;
  /** Every line the instances and HAProxy print (HAProxy's access log is on its stdout). */
  readonly onOutput?: OutputListener;
  /** How long an instance, or HAProxy seeing every instance UP, may take; default 30 s. */
  readonly startTimeoutMs?: number;
}

export interface ClusterInstance {
  /** The backend name (`s1`, `s2`, …): HAProxy's logs and the `x-turbomcp-backend` header. */
  readonly name: string;
  readonly port: number;
  /** Its own MCP endpoint, bypassing the balancer. */
  readonly url: string;
  readonly running: boolean;
}

export interface Cluster {
  /** The balancer's MCP endpoint, e.g. `http://127.0.0.1:8080/mcp`. */
  readonly url: string;
  readonly instances: readonly ClusterInstance[];
  /** HAProxy's runtime API socket. */
  readonly statsSocket: string;
  /** Sends `signal` to instance `index` and resolves once it exited. */
  kill(index: number, signal: NodeJS.Signals): Promise<Exit>;
  /** Sends `signal` to instance `index` and returns at once (SIGSTOP, SIGCONT). */
  signal(index: number, signal: NodeJS.Signals): void;
  /**
   * Takes instance `index` out of load balancing in HAProxy (runtime API `state
   * drain`) and resolves once HAProxy has no request in progress on it: after this, a
   * SIGTERM races no request. `restart` puts it back.
   */
  drain(index: number, timeoutMs?: number): Promise<void>;
  /** Starts instance `index` again on its port (stopping it first with SIGTERM if it runs), puts it back in load balancing, and resolves once HAProxy has it UP. */
  restart(index: number): Promise<void>;
  /** HAProxy's status of each instance in the ready backend, by backend name (`UP`, `DOWN`, `DOWN 1/2`, `DRAIN`, …). */
  statuses(): Promise<Map<string, string>>;
  /** Requests HAProxy has in progress on each instance (both backends), by backend name. */
  inProgress(): Promise<Map<string, number>>;
  /** Resolves once HAProxy reports `status` for instance `index`; rejects after `timeoutMs`. */
  waitForStatus(index: number, status: string, timeoutMs?: number): Promise<void>;
  /** Stops HAProxy, then the instances (SIGTERM: they drain); the caller stops Redis. */
  stop(): Promise<void>;
}

interface Slot {
  readonly name: string;
  port: number;
  url: string;
  current: ManagedProcess | undefined;
}

/** The variables that make instances one cluster (docker-compose.yml sets the same). */
export function clusterVariables(redisUrl: string, requestStateSecret: string): Readonly<Record<string, string>> {
  return {
    TURBOMCP_REDIS_URL: redisUrl,
    // One key, so a 2026-07-28 input_required retry may land on any instance.
    TURBOMCP_REQUEST_STATE_SECRET: requestStateSecret,
    // One proxy in front: per-IP limits count the client from X-Forwarded-For.
    TURBOMCP_TRUST_PROXY: "1",
  };
}

function instanceEnv(options: ClusterOptions, secret: string): NodeJS.ProcessEnv {
  return { ...(options.env ?? process.env), ...clusterVariables(options.redisUrl, secret) };
}

/**
 * Polls `check` (an error counts as not yet: HAProxy's socket may not exist yet) until it
 * holds; fails with `what()` after `timeoutMs`, or at once when `hopeless()` names a reason.
 */
async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: () => Promise<string>,
  hopeless: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    const reason = hopeless();
    if (reason !== undefined) throw new Error(reason);
    if (Date.now() >= deadline) throw new Error(`${await what()} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Starts the instances, then HAProxy, and resolves once HAProxy has every instance UP. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const count = options.instances ?? DEFAULT_INSTANCES;
  if (!Number.isInteger(count) || count < 1) throw new Error(`instances must be a positive integer, got ${String(count)}`);
  const ports = options.instancePorts ?? Array.from({ length: count }, () => 0);
  if (ports.length !== count) throw new Error(`${count} instances need ${count} ports, got ${ports.length}`);
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const env = instanceEnv(options, options.requestStateSecret ?? randomBytes(32).toString("hex"));
  const entry = options.entry ?? DEFAULT_ENTRY;
  const haproxyBinary = options.haproxyBinary ?? findHaproxy();
  const workDir = mkdtempSync(path.join(tmpdir(), "turbomcp-cluster-"));
  const statsSocket = path.join(workDir, "haproxy.sock");
  const slots: Slot[] = ports.map((port, index) => ({ name: serverName(index), port, url: "", current: undefined }));
  let haproxy: ManagedProcess | undefined;

  const launch = async (slot: Slot): Promise<RunningInstance> => {
    const started = await startInstance({ name: slot.name, entry, host: "127.0.0.1", port: slot.port, env, startTimeoutMs, onOutput: options.onOutput });
    slot.current = started.process;
    slot.port = started.port;
    slot.url = started.url;
    return started;
  };
  const statuses = async (): Promise<Map<string, string>> =>
    new Map((await serverStats(statsSocket)).filter((stat) => stat.backend === READY_BACKEND).map((stat) => [stat.server, stat.status]));
  const setState = async (slot: Slot, state: "ready" | "drain"): Promise<void> => {
    for (const backend of BACKENDS) await setServerState(statsSocket, backend, slot.name, state);
  };
  const waitForStatus = (index: number, status: string, timeoutMs = startTimeoutMs): Promise<void> => {
    const name = slotAt(index).name;
    return until(
      async () => (await statuses()).get(name) === status,
      timeoutMs,
      async () => `HAProxy did not report ${name} ${status} (it reports ${(await statuses().catch(() => new Map<string, string>())).get(name) ?? "nothing"})`,
    );
  };
  const slotAt = (index: number): Slot => {
    const slot = slots[index];
    if (slot === undefined) throw new RangeError(`no instance ${index}: the cluster has ${slots.length} (0-based)`);
    return slot;
  };
  const stop = async (): Promise<void> => {
    await haproxy?.stop(5_000);
    await Promise.all(slots.map(async (slot) => slot.current?.stop(STOP_TIMEOUT_MS)));
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    // Every launch settles before a failure is reported, so stop() finds every process started.
    const launched = await Promise.allSettled(slots.map(launch));
    const failure = launched.find((result) => result.status === "rejected");
    if (failure !== undefined) throw failure.reason;
    const bind = `${options.host ?? "127.0.0.1"}:${options.port}`;
    const config = renderHaproxyConfig({
      bind,
      servers: slots.map((slot) => ({ name: slot.name, address: `127.0.0.1:${slot.port}` })),
      checkHost: "localhost",
      statsSocket,
    });
    const configFile = path.join(workDir, "haproxy.cfg");
    writeFileSync(configFile, config);
    // -db: stay in the foreground (no daemon), so the process is ours to stop.
    haproxy = startProcess({
      name: "haproxy",
      command: haproxyBinary,
      args: ["-db", "-f", configFile],
      env: process.env,
      cwd: REPO_ROOT,
      onOutput: options.onOutput,
    });
    const running = haproxy;
    await until(
      async () => [...(await statuses()).values()].filter((status) => status === "UP").length === slots.length,
      startTimeoutMs,
      async () => "HAProxy did not report every instance UP",
      () => (running.running ? undefined : `HAProxy exited:\n${running.tail()}`),
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url: `http://${options.host === undefined || options.host === "0.0.0.0" ? "127.0.0.1" : options.host}:${options.port}/mcp`,
    instances: slots.map((slot) => ({
      name: slot.name,
      get port() {
        return slot.port;
      },
      get url() {
        return slot.url;
      },
      get running() {
        return slot.current?.running ?? false;
      },
    })),
    statsSocket,
    async kill(index, signal) {
      const slot = slotAt(index);
      if (slot.current === undefined) throw new Error(`${slot.name} was never started`);
      return slot.current.kill(signal);
    },
    signal(index, signal) {
      const slot = slotAt(index);
      if (slot.current?.running !== true) throw new Error(`${slot.name} is not running`);
      slot.current.child.kill(signal);
    },
    async drain(index, timeoutMs = STOP_TIMEOUT_MS) {
      const slot = slotAt(index);
      await setState(slot, "drain");
      await until(
        async () => (await serverStats(statsSocket)).filter((stat) => stat.server === slot.name).every((stat) => stat.current === 0),
        timeoutMs,
        async () => `HAProxy still has requests in progress on ${slot.name}`,
      );
    },
    async restart(index) {
      const slot = slotAt(index);
      if (slot.current?.running === true) await slot.current.stop(STOP_TIMEOUT_MS);
      await launch(slot);
      await setState(slot, "ready");
      // UP in both backends, so the fallback has it too before the next instance goes.
      await until(
        async () => (await serverStats(statsSocket)).filter((stat) => stat.server === slot.name).every((stat) => stat.status === "UP"),
        startTimeoutMs,
        async () => `HAProxy did not report ${slot.name} UP in every backend`,
      );
    },
    statuses,
    async inProgress() {
      const counts = new Map<string, number>();
      for (const stat of await serverStats(statsSocket)) counts.set(stat.server, (counts.get(stat.server) ?? 0) + stat.current);
      return counts;
    },
    waitForStatus,
    stop,
  };
}

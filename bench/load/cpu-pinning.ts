/**
 * On a machine with `taskset` and at least two cores, the server runs on core 0 and
 * the load generator (this process, every thread) on core 1, so the two never
 * compete for a core and the figures measure the server alone. The report says
 * whether this happened.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";

export interface Pinning {
  readonly pinned: boolean;
  readonly note: string;
  /** Prefix for the server's command line (`taskset -c 0`), empty when not pinned. */
  readonly serverPrefix: readonly string[];
  /** The server's cores (`0`) when pinned: for processes started without the prefix (pinProcesses). */
  readonly serverCores?: string;
}

const SERVER_CORES = "0";

export function pinCores(): Pinning {
  const cores = availableParallelism();
  if (cores < 2) return { pinned: false, note: `not pinned: ${cores} core`, serverPrefix: [] };
  const probe = spawnSync("taskset", ["-a", "-p", "-c", "1", String(process.pid)], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) return { pinned: false, note: "not pinned: taskset is not available", serverPrefix: [] };
  return {
    pinned: true,
    note: `pinned: server on core 0, load generator on core 1 (of ${cores})`,
    serverPrefix: ["taskset", "-c", SERVER_CORES],
    serverCores: SERVER_CORES,
  };
}

/**
 * Moves running processes (every thread) to the server's cores: those another module
 * spawns, which inherit this process's pinning to the load generator's core. A
 * no-op when not pinned; false when taskset refused one.
 */
export function pinProcesses(pids: readonly number[], pinning: Pinning): boolean {
  if (pinning.serverCores === undefined) return true;
  return pids.every((pid) => spawnSync("taskset", ["-a", "-p", "-c", pinning.serverCores!, String(pid)], { encoding: "utf8" }).status === 0);
}

/**
 * CPU time and memory of a server side made of several processes (the cluster
 * workloads: instances, HAProxy, Redis), read from Linux's /proc, since only the
 * benchmark's own servers answer the probe (probe.ts). Elsewhere every reader returns
 * undefined and the figures stay blank.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

function sysconf(name: string, fallback: number): number {
  const value = Number(spawnSync("getconf", [name], { encoding: "utf8" }).stdout?.trim());
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

let units: { readonly ticksPerSecond: number; readonly pageBytes: number } | undefined;
function unitsOf(): { readonly ticksPerSecond: number; readonly pageBytes: number } {
  units ??= { ticksPerSecond: sysconf("CLK_TCK", 100), pageBytes: sysconf("PAGESIZE", 4096) };
  return units;
}

/** The fields of /proc/PID/stat after the command name (which may hold spaces): [0] is field 3, the state. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** The processes whose parent is this one; empty without /proc. */
export function childPids(): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => statFields(pid)?.[1] === String(process.pid));
}

/** User + system CPU time of `pids` so far, µs (the clock-tick resolution, 10 ms on most kernels); undefined when one cannot be read. */
export function cpuMicros(pids: readonly number[]): number | undefined {
  let ticks = 0;
  for (const pid of pids) {
    const fields = statFields(pid);
    if (fields === undefined) return undefined;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1e6) / unitsOf().ticksPerSecond;
}

/** Resident memory of `pids` together, bytes; undefined when one cannot be read. */
export function rssBytes(pids: readonly number[]): number | undefined {
  let pages = 0;
  for (const pid of pids) {
    const fields = statFields(pid);
    if (fields === undefined) return undefined;
    pages += Number(fields[21]);
  }
  return pages * unitsOf().pageBytes;
}

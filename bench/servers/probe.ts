/**
 * The one hook every benchmark server installs: the harness starts each server with
 * an IPC channel and asks it, through that channel, for its memory and the CPU time
 * it has used. The figures come from inside the server process whatever protocol it
 * speaks, and stdout stays free for stdio servers and audit logs.
 *
 * Servers run with `--expose-gc`; without it memory is read without a GC.
 *
 * With `SAMPLE_ALLOCATIONS_ENV` set (bench/profile.ts --heap), the server also samples
 * every allocation from start-up on, collected objects included: where the garbage
 * comes from, which Node's own `--heap-prof` cannot say (it keeps only what is still
 * alive when the profile is written).
 */
import { writeFileSync } from "node:fs";
import type { Session as InspectorSession } from "node:inspector";
import { createRequire } from "node:module";

/** Names the sampling interval in bytes; unset, nothing is sampled. */
// Not TURBOMCP_*: the runtime refuses TURBOMCP_ variables it does not know.
export const SAMPLE_ALLOCATIONS_ENV = "BENCH_SAMPLE_ALLOCATIONS_BYTES";

/** What the harness sends. `gc`: collect garbage first (for memory figures; it costs CPU time). */
export interface ProbeRequest {
  readonly type: "probe";
  readonly id: number;
  readonly gc: boolean;
}

/** Stops the allocation sampling and writes the profile (`.heapprofile` JSON) to `file`. */
export interface AllocationsRequest {
  readonly type: "allocations";
  readonly id: number;
  readonly file: string;
}

/** What a server answers. */
export interface ProbeReply {
  readonly type: "probe";
  readonly id: number;
  readonly heapUsed: number;
  readonly rss: number;
  /** CPU time the process has used so far (user + system), microseconds, read before any GC. */
  readonly cpuMicros: number;
}

export interface AllocationsReply {
  readonly type: "allocations";
  readonly id: number;
  /** Why no profile was written, if none was. */
  readonly error?: string;
}

export type HarnessRequest = ProbeRequest | AllocationsRequest;
export type HarnessReply = ProbeReply | AllocationsReply;

function isHarnessRequest(message: unknown): message is HarnessRequest {
  if (typeof message !== "object" || message === null) return false;
  const type = (message as { type?: unknown }).type;
  return type === "probe" || type === "allocations";
}

function probe(message: ProbeRequest): ProbeReply {
  const gc = (globalThis as { gc?: () => void }).gc;
  const cpu = process.cpuUsage();
  // Several passes: weak references and finalisers free more on each.
  if (message.gc && gc !== undefined) for (let pass = 0; pass < 4; pass++) gc();
  const usage = process.memoryUsage();
  return { type: "probe", id: message.id, heapUsed: usage.heapUsed, rss: usage.rss, cpuMicros: cpu.user + cpu.system };
}

/** Starts sampling when the harness asked for it; returns how to stop and write the profile. */
function startAllocationSampling(): ((message: AllocationsRequest) => AllocationsReply) | undefined {
  const [bytes, mode] = (process.env[SAMPLE_ALLOCATIONS_ENV] ?? "").split(":");
  const interval = Number(bytes);
  if (!Number.isInteger(interval) || interval <= 0) return undefined;
  // Loaded here, not at the top: a server started without the harness (the cold-start
  // workload) then loads no more than its own code.
  const { Session } = createRequire(import.meta.url)("node:inspector") as { Session: typeof InspectorSession };
  const session = new Session();
  session.connect();
  session.post("HeapProfiler.startSampling", {
    samplingInterval: interval,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: mode !== "survivors",
  });
  return (message) => {
    let reply: AllocationsReply = { type: "allocations", id: message.id, error: "the profiler did not answer" };
    // A session on the inspector of this thread answers synchronously.
    session.post("HeapProfiler.stopSampling", (error, result) => {
      if (error) reply = { type: "allocations", id: message.id, error: error.message };
      else {
        writeFileSync(message.file, JSON.stringify(result.profile));
        reply = { type: "allocations", id: message.id };
      }
    });
    return reply;
  };
}

/** Call once at start-up; a no-op when the process was not started with IPC. */
export function installProbe(): void {
  if (process.send === undefined) return;
  const writeAllocations = startAllocationSampling();
  process.on("message", (message: unknown) => {
    if (!isHarnessRequest(message)) return;
    let reply: HarnessReply;
    if (message.type === "probe") reply = probe(message);
    else reply = writeAllocations?.(message) ?? { type: "allocations", id: message.id, error: `the server was started without ${SAMPLE_ALLOCATIONS_ENV}` };
    process.send?.(reply);
  });
  // The IPC channel must not keep a finished server alive.
  process.channel?.unref();
}

/**
 * `npm run bench:profile`: one benchmark workload against one server started with
 * `--cpu-prof`, then the functions that took the most CPU time in the server. The
 * `.cpuprofile` file stays in the output folder; open it in Chrome DevTools
 * (Performance) or speedscope for a flame graph.
 *
 * `--heap` samples allocations instead, collected objects included (see
 * servers/probe.ts): where the garbage comes from, and how much per request.
 * `--survivors` keeps only what outlived a young-generation GC: what GC pauses cost.
 */
import { mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseCommandLine, usageError } from "./command-line.js";
import { pinCores } from "./load/cpu-pinning.js";
import { measureTarget } from "./load/measure.js";
import { summariseAllocations, summariseProfile } from "./load/profile-summary.js";
import { WORKLOAD_LABELS, type WorkloadId } from "./load/results.js";
import { TARGETS } from "./load/targets.js";
import { SAMPLE_ALLOCATIONS_ENV } from "./servers/probe.js";
import { prepareTurbomcpProject } from "./servers/turbomcp-project.js";

const COMMAND = "bench:profile";
const values = parseCommandLine(
  COMMAND,
  {
    target: { type: "string", default: "turbomcp-stateless" },
    workload: { type: "string", default: "call" },
    seconds: { type: "string", default: "5" },
    top: { type: "string", default: "30" },
    concurrency: { type: "string" },
    out: { type: "string", default: ".tmp/profiles" },
    heap: { type: "boolean", default: false },
    survivors: { type: "boolean", default: false },
    "no-inlining": { type: "boolean", default: false },
  },
  [
    `  --target ID      the server (default turbomcp-stateless): ${TARGETS.map((target) => target.id).join(", ")}`,
    `  --workload ID    the load (default call): ${Object.keys(WORKLOAD_LABELS).join(", ")}`,
    "  --seconds S      seconds of load (default 5)",
    "  --concurrency N  connections (requests in flight on stdio); default 1 for list-1000, else 50",
    "  --top N          how many functions to list (default 30)",
    "  --out DIR        where the profile is written (default .tmp/profiles)",
    "  --heap           sample allocations (collected ones included) instead of CPU time",
    "  --survivors      sample only allocations that outlived a young-generation GC (what makes GC pauses long)",
    "  --no-inlining    the server's JIT inlines nothing: each allocation or sample is charged to the function that made it (slower)",
  ],
);

/** Bytes between samples: fine enough for per-request figures, coarse enough to keep the load realistic. */
const ALLOCATION_SAMPLING_BYTES = 4096;

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) usageError(COMMAND, `${flag} must be a positive number, got "${text}"`);
  return value;
}

const target = TARGETS.find((candidate) => candidate.id === values.target);
if (target === undefined) usageError(COMMAND, `--target: unknown ${values.target}; known: ${TARGETS.map((candidate) => candidate.id).join(", ")}`);
if (!(values.workload in WORKLOAD_LABELS)) usageError(COMMAND, `--workload: unknown ${values.workload}; known: ${Object.keys(WORKLOAD_LABELS).join(", ")}`);
const workload = values.workload as WorkloadId;
const heap = values.heap || values.survivors;
const seconds = positive(values.seconds, "--seconds");
const top = positive(values.top, "--top");
const concurrency = values.concurrency === undefined ? (workload === "list-1000" ? 1 : 50) : positive(values.concurrency, "--concurrency");
const out = path.resolve(values.out);
mkdirSync(out, { recursive: true });
const started = Date.now();
const allocationsFile = path.join(out, `Allocations.${new Date(started).toISOString().replaceAll(/[:.]/g, "")}.heapprofile`);

if (target.turbomcp) await prepareTurbomcpProject(workload === "list-1000" || workload === "call-1000" ? 1000 : 1);
const rows = await measureTarget(target, {
  durationSeconds: seconds,
  // Allocations are sampled from start-up on, so every request they include is counted: no warm-up.
  warmupSeconds: heap ? 0 : 1,
  rounds: 1,
  concurrencies: [concurrency],
  manyTools: 1000,
  heapCalls: 100_000,
  idleSessions: 2000,
  handshakes: 500,
  workloads: new Set([workload]),
  serverPrefix: pinCores().serverPrefix,
  serverNodeFlags: [
    ...(heap ? [] : ["--cpu-prof", `--cpu-prof-dir=${out}`]),
    ...(values["no-inlining"] ? ["--no-turbo-inlining", "--no-maglev-inlining"] : []),
  ],
  ...(heap && {
    serverEnv: { [SAMPLE_ALLOCATIONS_ENV]: `${ALLOCATION_SAMPLING_BYTES}${values.survivors ? ":survivors" : ""}` },
    beforeStop: (server) => server.writeAllocations(allocationsFile),
  }),
  log: (line) => process.stderr.write(`${line}\n`),
});
const failed = rows.find((row) => row.error !== undefined);
if (failed?.error !== undefined) {
  process.stderr.write(`bench:profile: ${failed.error}\n`);
  process.exit(1);
}
if (rows.some((row) => row.failures > 0)) process.exitCode = 1;

if (heap) {
  const requests = rows.reduce((sum, row) => sum + (row.count ?? 0), 0);
  process.stdout.write(`${summariseAllocations(allocationsFile, top, requests, values.survivors)}\n\nprofile: ${allocationsFile}\n`);
} else {
  // The main thread's profile is the largest file written since we started (tsx adds a small one for its loader thread).
  const written = readdirSync(out)
    .map((name) => path.join(out, name))
    .filter((file) => file.endsWith(".cpuprofile") && statSync(file).mtimeMs >= started)
    .sort((a, b) => statSync(b).size - statSync(a).size);
  const profile = written[0];
  if (profile === undefined) throw new Error(`no profile written to ${out}`);
  process.stdout.write(`${summariseProfile(profile, top)}\n\nprofile: ${profile}\n`);
}

/**
 * `npm run bench:profile`: one benchmark workload against one server started with
 * `--cpu-prof`, then the functions that took the most CPU time in the server. The
 * `.cpuprofile` file stays in the output folder; open it in Chrome DevTools
 * (Performance) or speedscope for a flame graph.
 *
 *   npm run bench:profile -- [--target turbomcp-stateless] [--workload call]
 *                            [--seconds 5] [--top 30] [--out .tmp/profiles] [--heap]
 *
 * `--heap` samples allocations instead (`--heap-prof`): where the garbage comes from.
 */
import { mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { pinCores } from "./load/cpu-pinning.js";
import { measureTarget } from "./load/measure.js";
import { summariseHeapProfile, summariseProfile } from "./load/profile-summary.js";
import { WORKLOAD_LABELS, type WorkloadId } from "./load/results.js";
import { TARGETS } from "./load/targets.js";
import { prepareTurbomcpProject } from "./servers/turbomcp-project.js";

const { values } = parseArgs({
  options: {
    target: { type: "string", default: "turbomcp-stateless" },
    workload: { type: "string", default: "call" },
    seconds: { type: "string", default: "5" },
    top: { type: "string", default: "30" },
    out: { type: "string", default: ".tmp/profiles" },
    heap: { type: "boolean", default: false },
  },
});

const target = TARGETS.find((candidate) => candidate.id === values.target);
if (target === undefined) throw new Error(`--target: unknown ${values.target}; known: ${TARGETS.map((candidate) => candidate.id).join(", ")}`);
if (!(values.workload in WORKLOAD_LABELS)) throw new Error(`--workload: unknown ${values.workload}; known: ${Object.keys(WORKLOAD_LABELS).join(", ")}`);
const workload = values.workload as WorkloadId;
const out = path.resolve(values.out);
mkdirSync(out, { recursive: true });
const started = Date.now();

if (target.turbomcp) await prepareTurbomcpProject(workload === "list-1000" || workload === "call-1000" ? 1000 : 1);
const rows = await measureTarget(target, {
  durationSeconds: Number(values.seconds),
  warmupSeconds: 1,
  rounds: 1,
  concurrencies: workload === "list-1000" ? [1] : [50],
  manyTools: 1000,
  heapCalls: 100_000,
  idleSessions: 2000,
  handshakes: 500,
  workloads: new Set([workload]),
  serverPrefix: pinCores().serverPrefix,
  // --heap: where memory is allocated (sampling heap profiler) instead of where CPU time goes.
  serverNodeFlags: values.heap ? ["--heap-prof", `--heap-prof-dir=${out}`, "--heap-prof-interval=8192"] : ["--cpu-prof", `--cpu-prof-dir=${out}`],
  log: (line) => process.stderr.write(`${line}\n`),
});
// The main thread's profile is the largest file written since we started (tsx adds a small one for its loader thread).
const written = readdirSync(out)
  .map((name) => path.join(out, name))
  .filter((file) => file.endsWith(values.heap ? ".heapprofile" : ".cpuprofile") && statSync(file).mtimeMs >= started)
  .sort((a, b) => statSync(b).size - statSync(a).size);
const profile = written[0];
if (profile === undefined) throw new Error(`no profile written to ${out}`);
const summary = values.heap ? summariseHeapProfile(profile, Number(values.top)) : summariseProfile(profile, Number(values.top));
process.stdout.write(`${summary}\n\nprofile: ${profile}\n`);
if (rows.some((row) => row.error !== undefined || row.failures > 0)) process.exitCode = 1;

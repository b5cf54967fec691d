/**
 * `npm run bench`: turbomcp side by side with the official SDKs, FastMCP and two
 * ceilings (bare node:http and Express + express.json echoes), each server in its own
 * process on loopback, the load generated here with autocannon. Prints the figures,
 * turbomcp's ratios over each peer from this same run, and the targets.
 *
 *   npm run bench -- [--duration S] [--warmup S] [--only id,id] [--workloads w,w]
 *                    [--json FILE] [--quick] [--smoke]
 *
 * A benchmark, not a test: missed targets are reported, not failed. The process
 * exits 1 only when a server could not run a workload or answered wrongly.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import path from "node:path";
import { parseCommandLine } from "./command-line.js";
import { pinCores } from "./load/cpu-pinning.js";
import { measureTarget, type MeasureSettings } from "./load/measure.js";
import { checkTargets, computeRatios, formatChecks, formatRatios, formatResults } from "./load/report.js";
import { WORKLOAD_LABELS, type ResultRow, type WorkloadId } from "./load/results.js";
import { TARGETS } from "./load/targets.js";
import { prepareTurbomcpProject } from "./servers/turbomcp-project.js";

const values = parseCommandLine(
  "bench",
  {
    duration: { type: "string" },
    warmup: { type: "string" },
    rounds: { type: "string" },
    only: { type: "string" },
    workloads: { type: "string" },
    json: { type: "string" },
    quick: { type: "boolean", default: false },
    smoke: { type: "boolean", default: false },
  },
  [
    "  --duration S     seconds of load per measurement (default 5)",
    "  --warmup S       seconds of warm-up before each (default 1)",
    "  --rounds N       each figure is the median of N runs (default 1; 3 steadies a noisy machine)",
    `  --only IDS       servers, comma-separated: ${TARGETS.map((target) => target.id).join(", ")}`,
    `  --workloads IDS  workloads, comma-separated: ${Object.keys(WORKLOAD_LABELS).join(", ")}`,
    "  --json FILE      also write every figure and ratio as JSON",
    "  --quick          shorter runs and smaller counts (a rough look)",
    "  --smoke          does every server start and answer correctly: a few requests each, no figures worth reading",
  ],
);

function seconds(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} must be a number of seconds, got "${text}"`);
  return value;
}

function list<T extends string>(text: string | undefined, known: readonly T[], flag: string): T[] {
  if (text === undefined) return [...known];
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  const unknown = items.filter((item) => !known.includes(item as T));
  if (unknown.length > 0) throw new Error(`${flag}: unknown ${unknown.join(", ")}; known: ${known.join(", ")}`);
  return items as T[];
}

function rounds(text: string | undefined): number {
  if (text === undefined) return 1;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 15) throw new Error(`--rounds must be an integer from 1 to 15, got "${text}"`);
  return value;
}

/** Sizes of each mode: full (the figures we publish), quick (a rough look), smoke (CI: does it run). */
const SIZES = {
  full: { duration: 5, warmup: 1, concurrencies: [1, 50], manyTools: 1000, heapCalls: 100_000, idleSessions: 10_000, handshakes: 1000 },
  quick: { duration: 2, warmup: 0.5, concurrencies: [1, 50], manyTools: 1000, heapCalls: 20_000, idleSessions: 2000, handshakes: 200 },
  // A few connections only: FastMCP holds each new session for a second.
  smoke: { duration: 0.3, warmup: 0, concurrencies: [1, 4], manyTools: 20, heapCalls: 200, idleSessions: 20, handshakes: 5 },
} as const;

async function main(): Promise<number> {
  const size = SIZES[values.smoke ? "smoke" : values.quick ? "quick" : "full"];
  const targets = list(
    values.only,
    TARGETS.map((target) => target.id),
    "--only",
  ).map((id) => TARGETS.find((target) => target.id === id)!);
  const workloads = new Set(list(values.workloads, Object.keys(WORKLOAD_LABELS) as WorkloadId[], "--workloads"));
  // Read before pinning: once this process is pinned to one core, Node reports one.
  const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const pinning = pinCores();
  const settings: MeasureSettings = {
    durationSeconds: seconds(values.duration, size.duration, "--duration"),
    warmupSeconds: seconds(values.warmup, size.warmup, "--warmup"),
    rounds: rounds(values.rounds),
    concurrencies: size.concurrencies,
    manyTools: size.manyTools,
    heapCalls: size.heapCalls,
    idleSessions: size.idleSessions,
    handshakes: size.handshakes,
    workloads,
    oneServer: values.smoke,
    pairedCall1000: true,
    serverPrefix: pinning.serverPrefix,
    log: (line) => process.stderr.write(`${line}\n`),
  };
  process.stdout.write(
    `turbomcp benchmark: ${machine}\n${pinning.note}; ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s per measurement${settings.rounds > 1 ? `, median of ${settings.rounds} rounds` : ""}\n\n`,
  );

  if (targets.some((target) => target.turbomcp)) {
    settings.log("generating the turbomcp benchmark projects (1 tool and the large tool set)");
    await prepareTurbomcpProject(1);
    if (workloads.has("list-1000") || workloads.has("call-1000")) await prepareTurbomcpProject(settings.manyTools);
  }
  const rows: ResultRow[] = [];
  const started = Date.now();
  for (const target of targets) {
    settings.log(`${target.label} (at ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    rows.push(...(await measureTarget(target, settings)));
  }

  const ratios = computeRatios(rows);
  const highConcurrency = Math.max(...settings.concurrencies);
  const checks = checkTargets(rows, highConcurrency);
  process.stdout.write(`${formatResults(rows)}\n\nRatios (same run)\n\n${formatRatios(ratios)}\n\nTargets\n${formatChecks(checks)}\n`);
  if (values.json !== undefined) {
    const report = {
      machine,
      pinned: pinning.pinned,
      pinning: pinning.note,
      date: new Date().toISOString(),
      settings: { ...settings, workloads: [...workloads], log: undefined, serverPrefix: undefined },
      results: rows,
      ratios,
      targets: checks,
    };
    mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nwrote ${values.json}\n`);
  }
  const broken = rows.filter((row) => row.error !== undefined || row.failures > 0);
  for (const row of broken)
    process.stderr.write(
      `FAILED ${row.target} ${row.workload}${row.concurrency === undefined ? "" : ` c=${row.concurrency}`}: ${row.error ?? `${row.failures} failed requests`}\n`,
    );
  return broken.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

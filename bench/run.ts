/**
 * `npm run bench`: turbomcp side by side with the official SDKs, FastMCP and two
 * ceilings (bare node:http and Express + express.json echoes), each server in its own
 * process on loopback, the load generated here with autocannon. Prints the figures,
 * turbomcp's ratios over each peer from this same run, and the targets.
 *
 *   npm run bench -- [--duration S] [--warmup S] [--only id,id] [--workloads w,w]
 *                    [--json FILE] [--baseline FILE] [--write] [--quick] [--smoke]
 *
 * Four workloads are not per server: the cold start (stdio servers spawned in turn,
 * plain node on JavaScript), the install size (npm installs of packed packages), and
 * the two of several instances behind HAProxy, with and without Redis (load/cluster.ts).
 * `--write` puts a complete run's figures into bench/README.md (bench/load/readme.ts).
 *
 * A benchmark, not a test: missed targets are reported, not failed. The process
 * exits 1 only when a server could not run a workload or answered wrongly.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseCommandLine, usageError } from "./command-line.js";
import { baselineDifferences, readBaseline, type Baseline } from "./load/baseline.js";
import { buildPlain, ensureRuntimeBuilt } from "./load/builds.js";
import { COLD_START_TARGETS, coldStart } from "./load/cold-start.js";
import { CLUSTER_WORKLOADS, clusterWorkloads } from "./load/cluster.js";
import { pinCores } from "./load/cpu-pinning.js";
import { installSize } from "./load/install-size.js";
import { measureTarget, type MeasureSettings } from "./load/measure.js";
import { partialRunReason, renderSection, writeSection } from "./load/readme.js";
import { checkTargets, computeRatios, formatChecks, formatRatios, formatResults, formatThroughput, throughputFigures } from "./load/report.js";
import { WORKLOAD_LABELS, type ResultRow, type WorkloadId } from "./load/results.js";
import { TARGETS } from "./load/targets.js";
import { prepareTurbomcpProject, turbomcpProjectDir } from "./servers/turbomcp-project.js";

const README = path.join(path.dirname(fileURLToPath(import.meta.url)), "README.md");

const values = parseCommandLine(
  "bench",
  {
    duration: { type: "string" },
    warmup: { type: "string" },
    rounds: { type: "string" },
    only: { type: "string" },
    workloads: { type: "string" },
    json: { type: "string" },
    baseline: { type: "string" },
    write: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    smoke: { type: "boolean", default: false },
  },
  [
    "  --duration S     seconds of load per measurement (default 5)",
    "  --warmup S       seconds of warm-up before each (default 1)",
    "  --rounds N       each figure is the median of N runs (default 1; 3 steadies a noisy machine)",
    `  --only IDS       servers, comma-separated: ${TARGETS.map((target) => target.id).join(", ")}`,
    `  --workloads IDS  workloads, comma-separated: ${Object.keys(WORKLOAD_LABELS).join(", ")}`,
    `                   (cold-start spawns whichever of ${COLD_START_TARGETS.join(", ")} --only keeps, in turn;`,
    "                   install-size runs with any turbomcp server and installs the SDKs beside it;",
    "                   cluster-call and cluster-notify run with any turbomcp server, on HAProxy and redis-server)",
    "  --json FILE      also write every figure and ratio as JSON",
    "  --baseline FILE  a previous --json output: turbomcp's tools/call throughput figures get a 'vs baseline' ratio",
    "  --write          put the figures into bench/README.md, between its markers; only a complete run",
    "                   (no --only, --workloads or --smoke) writes, and only when nothing failed",
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
  full: {
    duration: 5,
    warmup: 1,
    concurrencies: [1, 50],
    manyTools: 1000,
    heapCalls: 100_000,
    idleSessions: 10_000,
    handshakes: 1000,
    coldStarts: 10,
    notifySamples: 500,
  },
  quick: {
    duration: 2,
    warmup: 0.5,
    concurrencies: [1, 50],
    manyTools: 1000,
    heapCalls: 20_000,
    idleSessions: 2000,
    handshakes: 200,
    coldStarts: 5,
    notifySamples: 200,
  },
  // A few connections only: FastMCP holds each new session for a second.
  smoke: { duration: 0.3, warmup: 0, concurrencies: [1, 4], manyTools: 20, heapCalls: 200, idleSessions: 20, handshakes: 5, coldStarts: 1, notifySamples: 20 },
} as const;

async function main(): Promise<number> {
  const size = SIZES[values.smoke ? "smoke" : values.quick ? "quick" : "full"];
  const targets = list(
    values.only,
    TARGETS.map((target) => target.id),
    "--only",
  ).map((id) => TARGETS.find((target) => target.id === id)!);
  const workloads = new Set(list(values.workloads, Object.keys(WORKLOAD_LABELS) as WorkloadId[], "--workloads"));
  if (values.write) {
    const reason = partialRunReason(values);
    if (reason !== undefined) usageError("bench", reason);
  }
  // Read now: a bad file fails before the run, not after it.
  const baseline: Baseline | undefined = values.baseline === undefined ? undefined : readBaseline(values.baseline);
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
  const setup = `${pinning.note}; ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s per measurement${settings.rounds > 1 ? `, median of ${settings.rounds} rounds` : ""}`;
  process.stdout.write(`turbomcp benchmark: ${machine}\n${setup}\n\n`);

  const ours = targets.some((target) => target.turbomcp);
  const coldTargets = workloads.has("cold-start") ? targets.filter((target) => COLD_START_TARGETS.includes(target.id)) : [];
  const measureInstall = ours && workloads.has("install-size");
  if (ours || coldTargets.length > 0) {
    settings.log("generating the turbomcp benchmark projects (1 tool and the large tool set)");
    await prepareTurbomcpProject(1);
    if (ours && (workloads.has("list-1000") || workloads.has("call-1000"))) await prepareTurbomcpProject(settings.manyTools);
  }
  const rows: ResultRow[] = [];
  const started = Date.now();
  if (measureInstall || coldTargets.length > 0) {
    await ensureRuntimeBuilt(settings.log);
    const builds = buildPlain(turbomcpProjectDir(1));
    if (measureInstall) {
      settings.log("install size (npm pack, npm install --omit=dev)");
      rows.push(
        ...(await installSize({ smoke: values.smoke, projectDir: turbomcpProjectDir(1), builds, serverPrefix: settings.serverPrefix, log: settings.log })),
      );
    }
    if (coldTargets.length > 0) {
      settings.log(`cold start, ${size.coldStarts} spawns each, in turn (at ${((Date.now() - started) / 1000).toFixed(0)} s)`);
      rows.push(...(await coldStart(coldTargets, builds, { spawns: size.coldStarts, serverPrefix: settings.serverPrefix, log: settings.log })));
    }
  }
  for (const target of targets) {
    settings.log(`${target.label} (at ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    rows.push(...(await measureTarget(target, settings)));
  }
  if (ours && CLUSTER_WORKLOADS.some((workload) => workloads.has(workload))) {
    settings.log(`turbomcp behind HAProxy: 1 instance in memory, 2 sharing Redis (at ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    rows.push(...(await clusterWorkloads({ ...settings, pinning, notifySamples: size.notifySamples })));
  }

  const ratios = computeRatios(rows);
  const highConcurrency = Math.max(...settings.concurrencies);
  const checks = checkTargets(rows, highConcurrency);
  const throughput = throughputFigures(rows, baseline?.results);
  const results = formatResults(rows);
  const ratioText = formatRatios(ratios);
  const checkText = formatChecks(checks);
  process.stdout.write(`${results}\n\nRatios (same run)\n\n${ratioText}\n\nTargets\n${checkText}\n`);
  if (throughput.length > 0) {
    const against =
      baseline === undefined
        ? ""
        : `; against ${baseline.file}${baseline.date === undefined ? "" : ` (${baseline.date})`}${(() => {
            const differences = baselineDifferences(baseline, { machine, pinned: pinning.pinned, ...settings });
            return differences.length === 0 ? "" : `, which differs: ${differences.join("; ")}`;
          })()}`;
    process.stdout.write(
      `\nturbomcp tools/call throughput (the figures --baseline compares${against})\n${formatThroughput(throughput, baseline !== undefined)}\n`,
    );
  }
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
      throughput,
      ...(baseline !== undefined && { baseline: { file: baseline.file, date: baseline.date } }),
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
  if (values.write) {
    if (broken.length > 0)
      process.stderr.write(`bench: ${path.relative(process.cwd(), README)} not written: a run with failures does not replace the figures\n`);
    else {
      const command = `npm run bench -- ${process.argv.slice(2).join(" ")}`;
      const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      writeSection(
        README,
        renderSection({ date, command, machine, setup, results, ratios: ratioText, targets: checkText, throughput: formatThroughput(throughput, false) }),
      );
      process.stdout.write(`\nwrote the figures into ${path.relative(process.cwd(), README)}\n`);
    }
  }
  return broken.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

/**
 * Generator benchmark: times `turbomcp generate` and `turbomcp check` on synthetic
 * manifests (10 and 1,000 tools by default) and prints the times next to the aims.
 * A benchmark, not a test: a missed aim is reported, never a failed exit.
 *
 * Each stage runs the built CLI in its own process, as a user or CI would, in a
 * project whose tsconfig is the one `turbomcp init` writes (bench/project.ts).
 * `check` keeps a type-check state in node_modules/.cache/turbomcp, so it is timed
 * three ways: the first check of the project (as on a fresh CI machine), again with
 * nothing changed, and after one handler was edited (the development loop).
 *
 *   npm run bench:generator -- [--tools 10,1000] [--keep] [--write]
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeSection } from "./load/readme.js";
import { type BenchProject, createBenchProject, generateSummary, runBuiltCli } from "./project.js";
import { buildSyntheticManifest } from "./synthetic-manifest.js";

const README = path.join(path.dirname(fileURLToPath(import.meta.url)), "README.md");
const MARKERS = { begin: "<!-- bench:generator:begin -->", end: "<!-- bench:generator:end -->" } as const;

/** Aims on the reference 2-core machine, in milliseconds (issue 16): generate ≤ 10 s; check ≤ 1.5 s up to 10 tools, ≤ 3 s at 1,000. */
function aimMs(stage: "generate" | "check", tools: number): number {
  if (stage === "generate") return 10_000;
  return tools <= 10 ? 1_500 : 3_000;
}

interface Stage {
  readonly label: string;
  readonly args: readonly string[];
  readonly aim: number;
  /** Done to the project before the stage is timed. */
  readonly before?: (project: BenchProject) => void;
  /** Checks of the outcome beyond the exit code. */
  readonly verify?: (stdout: string, changed: readonly string[]) => string | undefined;
}

/** Path → mtime and size of every file in the project, to prove a run wrote nothing. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const stat = statSync(file);
    files.set(path.relative(dir, file), `${stat.mtimeMs}:${stat.size}`);
  }
  return files;
}

function changedFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((file) => before.get(file) !== after.get(file)).sort();
}

/** A code change to the first tool's handler, as in the development loop: the body now does something else. */
function editOneHandler(project: BenchProject): void {
  const folder = path.join(project.dir, "src/handlers/tools");
  const [first] = readdirSync(folder).sort();
  if (first === undefined) throw new Error(`no tool handler in ${folder}`);
  const file = path.join(folder, first);
  const text = readFileSync(file, "utf8");
  const edited = text.replace(/throw notImplemented\(([^)]*)\);/, 'throw new Error("edited by the benchmark");');
  if (edited === text) throw new Error(`${file}: no stub body to edit`);
  writeFileSync(file, edited);
}

function stagesFor(tools: number): readonly Stage[] {
  const generate = aimMs("generate", tools);
  const check = aimMs("check", tools);
  return [
    { label: "generate (new project)", args: ["generate", "manifest.json"], aim: generate },
    {
      label: "generate (again, nothing to write)",
      args: ["generate", "manifest.json"],
      aim: generate,
      // The second generate must find every file up to date and touch nothing.
      verify: (stdout, changed) => {
        const summary = generateSummary(stdout);
        if (summary !== undefined && summary.written === 0 && summary.created === 0 && changed.length === 0) return undefined;
        return `WROTE FILES: ${summary === undefined ? "no summary line" : `${summary.written} written, ${summary.created} created`}; changed: ${changed.slice(0, 5).join(", ")}`;
      },
    },
    { label: "check (first, no type-check state)", args: ["check", "manifest.json"], aim: check },
    { label: "check (again, nothing changed)", args: ["check", "manifest.json"], aim: check },
    { label: "check (one handler edited)", args: ["check", "manifest.json"], aim: check, before: editOneHandler },
    { label: "check --no-typecheck", args: ["check", "--no-typecheck", "manifest.json"], aim: check },
  ];
}

function row(cells: readonly string[]): string {
  const widths = [7, 36, 8, 8, 5];
  return cells
    .map((cell, index) => (index === 1 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0)))
    .join("  ")
    .trimEnd();
}

async function measure(tools: number, keep: boolean): Promise<{ lines: string[]; failures: number }> {
  const others = Math.max(2, Math.round(tools / 50));
  const project = createBenchProject(buildSyntheticManifest({ tools, others }));
  const lines: string[] = [];
  let failures = 0;
  try {
    process.stderr.write(`${tools} tools, ${others} each of resources/templates/prompts: ${project.dir}\n`);
    for (const stage of stagesFor(tools)) {
      stage.before?.(project);
      const before = snapshot(project.dir);
      const started = performance.now();
      const result = await runBuiltCli(stage.args, project.dir);
      const elapsed = performance.now() - started;
      let note = "";
      if (result.code !== 0) {
        failures += 1;
        note = `  exit ${result.code}: ${(result.stderr || result.stdout).split("\n").slice(0, 5).join(" | ")}`;
      } else {
        const problem = stage.verify?.(result.stdout, changedFiles(before, snapshot(project.dir)));
        if (problem !== undefined) {
          failures += 1;
          note = `  ${problem}`;
        }
      }
      lines.push(row([tools.toLocaleString("en-US"), stage.label, elapsed.toFixed(0), `≤ ${stage.aim}`, elapsed <= stage.aim ? "met" : "MISS"]) + note);
    }
  } finally {
    if (keep) process.stderr.write(`kept ${project.dir}\n`);
    else project.remove();
  }
  return { lines, failures };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { tools: { type: "string", default: "10,1000" }, keep: { type: "boolean", default: false }, write: { type: "boolean", default: false } },
  });
  const sizes = values.tools.split(",").map(Number);
  if (sizes.some((tools) => !Number.isInteger(tools) || tools < 1)) {
    process.stderr.write(`--tools must be positive integers separated by commas, got "${values.tools}"\n`);
    return 1;
  }
  const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  process.stdout.write(`turbomcp generator benchmark: ${machine}\n\n`);
  const lines: string[] = [];
  let failures = 0;
  for (const tools of sizes) {
    const result = await measure(tools, values.keep);
    lines.push(...result.lines);
    failures += result.failures;
  }
  const table = [row(["tools", "stage", "ms", "aim ms", ""]), row(["-----", "-----", "--", "------", ""]), ...lines].join("\n");
  process.stdout.write(`${table}\n`);
  if (values.write) {
    if (failures > 0)
      process.stderr.write(`bench:generator: ${path.relative(process.cwd(), README)} not written: a run with failures does not replace the figures\n`);
    else {
      const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      const command = `npm run bench:generator -- ${process.argv.slice(2).join(" ")}`;
      writeSection(
        README,
        [
          "<!-- Written by `npm run bench:generator -- --write`; the next such run replaces this section. -->",
          "",
          "## Generator figures",
          "",
          `Measured ${date} with \`${command.trim()}\`. Machine: ${machine}. Each stage is one run of the built CLI in a fresh process.`,
          "",
          "```text",
          table,
          "```",
        ].join("\n"),
        MARKERS,
      );
      process.stdout.write(`\nwrote the figures into ${path.relative(process.cwd(), README)}\n`);
    }
  }
  // Times never fail the process; a stage that errored or wrote on the second run does.
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();

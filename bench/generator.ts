/**
 * Generator benchmark: times `turbomcp generate` and `turbomcp check` in-process on
 * a synthetic manifest (1,000 tools by default) and prints the times next to the
 * aims. A benchmark, not a test: a missed aim is reported, never a failed exit.
 *
 * Each stage runs the built CLI in its own process, as a user or CI would.
 *
 *   npm run bench:generator -- [--tools N] [--keep]
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createBenchProject, generateSummary, runBuiltCli } from "./project.js";
import { buildSyntheticManifest } from "./synthetic-manifest.js";

/** Aims on the reference 2-core machine, in milliseconds. */
const AIM_MS = { generate: 10_000, check: 5_000 } as const;

interface Stage {
  readonly label: string;
  readonly args: readonly string[];
  readonly aim: number;
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

function row(cells: readonly string[]): string {
  const widths = [34, 10, 10, 6];
  return cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join("  ");
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { tools: { type: "string", default: "1000" }, keep: { type: "boolean", default: false } } });
  const tools = Number(values.tools);
  if (!Number.isInteger(tools) || tools < 1) {
    process.stderr.write(`--tools must be a positive integer, got "${values.tools}"\n`);
    return 1;
  }

  const others = Math.max(2, Math.round(tools / 50));
  const manifest = buildSyntheticManifest({ tools, others });
  const project = createBenchProject(manifest);
  const stages: readonly Stage[] = [
    { label: "generate (cold)", args: ["generate", "manifest.json"], aim: AIM_MS.generate },
    { label: "generate (again, nothing to write)", args: ["generate", "manifest.json"], aim: AIM_MS.generate },
    { label: "check (with type check)", args: ["check", "manifest.json"], aim: AIM_MS.check },
    { label: "check --no-typecheck", args: ["check", "--no-typecheck", "manifest.json"], aim: AIM_MS.check },
  ];
  const lines: string[] = [];
  let failures = 0;
  try {
    process.stdout.write(`turbomcp generator benchmark: ${tools} tools, ${others} each of resources/templates/prompts\n`);
    process.stdout.write(`project: ${project.dir}\n\n`);
    for (const [index, stage] of stages.entries()) {
      const before = snapshot(project.dir);
      const started = performance.now();
      const result = await runBuiltCli(stage.args, project.dir);
      const elapsed = performance.now() - started;
      let note = "";
      if (result.code !== 0) {
        failures += 1;
        note = `  exit ${result.code}: ${(result.stderr || result.stdout).split("\n").slice(0, 5).join(" | ")}`;
      } else if (index === 1) {
        // The second generate must find every file up to date and touch nothing.
        const summary = generateSummary(result.stdout);
        const changed = changedFiles(before, snapshot(project.dir));
        if (summary === undefined || summary.written !== 0 || summary.created !== 0 || changed.length > 0) {
          failures += 1;
          note = `  WROTE FILES: ${summary === undefined ? "no summary line" : `${summary.written} written, ${summary.created} created`}; changed: ${changed.slice(0, 5).join(", ")}`;
        } else note = `  (nothing written, ${summary.unchanged} unchanged)`;
      }
      const verdict = elapsed <= stage.aim ? "PASS" : "MISS";
      lines.push(row([stage.label, elapsed.toFixed(0), `≤ ${stage.aim}`, verdict]) + note);
    }
  } finally {
    if (values.keep) process.stdout.write(`kept ${project.dir}\n`);
    else project.remove();
  }
  process.stdout.write(`${row(["stage", "ms", "aim ms", ""])}\n${lines.join("\n")}\n`);
  // Times never fail the process; a stage that errored or wrote on the second run does.
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();

/**
 * Import benchmark: times `turbomcp import openapi` on a generated description of
 * 1,000 operations (100 resources with ten operations each, shared component
 * schemas by `$ref`, one of them recursive), then the same import again onto the
 * manifest it wrote (a re-import that changes nothing). Aim (issue 18): ≤ 10 s for
 * the import. A benchmark, not a test: a missed aim is reported, never a failed exit.
 *
 * Each stage runs the built CLI in its own process, as a user would.
 *
 *   npm run bench:import -- [--operations 1000] [--keep] [--write]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeSection } from "./load/readme.js";
import { runBuiltCli } from "./project.js";
import { OPERATIONS_PER_RESOURCE, syntheticDescription } from "./synthetic-openapi.js";

const README = path.join(path.dirname(fileURLToPath(import.meta.url)), "README.md");
const MARKERS = { begin: "<!-- bench:import:begin -->", end: "<!-- bench:import:end -->" } as const;
const AIM_MS = 10_000;

const row = (cells: readonly string[]): string =>
  `  ${cells[0]?.padStart(10) ?? ""}  ${cells[1]?.padEnd(36) ?? ""}${cells[2]?.padStart(7) ?? ""}  ${cells[3]?.padStart(8) ?? ""}  ${cells[4] ?? ""}`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { operations: { type: "string", default: "1000" }, keep: { type: "boolean", default: false }, write: { type: "boolean", default: false } },
  });
  const operations = Number(values.operations);
  if (!Number.isInteger(operations) || operations < OPERATIONS_PER_RESOURCE) {
    process.stderr.write(`--operations must be an integer of at least ${OPERATIONS_PER_RESOURCE}, got "${values.operations}"\n`);
    return 1;
  }
  const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  process.stdout.write(`turbomcp import benchmark: ${machine}\n\n`);
  const dir = mkdtempSync(path.join(tmpdir(), "turbomcp-bench-import-"));
  const description = syntheticDescription(operations);
  const count = Object.values(description.paths as Record<string, Record<string, unknown>>).reduce(
    (sum, item) => sum + Object.keys(item).filter((key) => key !== "parameters").length,
    0,
  );
  writeFileSync(path.join(dir, "openapi.json"), JSON.stringify(description));
  const lines: string[] = [];
  let failures = 0;
  const args = ["import", "openapi", "openapi.json", "--max-tools", String(count)];
  for (const [label, expect] of [
    ["import (new manifest)", `${count} added`],
    ["import again (nothing changed)", `${count} unchanged`],
  ] as const) {
    const started = performance.now();
    const result = await runBuiltCli(args, dir);
    const ms = Math.round(performance.now() - started);
    const ok = result.code === 0 && result.stdout.includes(expect);
    if (!ok) {
      failures += 1;
      process.stderr.write(`${label}: exit ${result.code}, expected "${expect}"\n${result.stdout}${result.stderr}\n`);
    }
    lines.push(row([count.toLocaleString("en-US"), label, String(ms), `≤ ${AIM_MS}`, ok ? (ms <= AIM_MS ? "met" : "MISSED") : "FAILED"]));
  }
  if (values.keep) process.stderr.write(`kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
  const table = [row(["operations", "stage", "ms", "aim ms", ""]), row(["----------", "-----", "--", "------", ""]), ...lines].join("\n");
  process.stdout.write(`${table}\n`);
  if (values.write) {
    if (failures > 0)
      process.stderr.write(`bench:import: ${path.relative(process.cwd(), README)} not written: a run with failures does not replace the figures\n`);
    else {
      const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      const command = `npm run bench:import -- ${process.argv.slice(2).join(" ")}`;
      writeSection(
        README,
        [
          "<!-- Written by `npm run bench:import -- --write`; the next such run replaces this section. -->",
          "",
          "## Import figures",
          "",
          `Measured ${date} with \`${command.trim()}\`. Machine: ${machine}. Each stage is one run of the built CLI in a fresh process, on a generated OpenAPI 3.0 description (bench/import-openapi.ts).`,
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
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();

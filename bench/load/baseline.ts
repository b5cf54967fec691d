/**
 * `--baseline FILE`: an earlier run's `--json` output, whose throughput figures this
 * run's are set against (report.ts, throughputFigures). Figures from different
 * machines or settings do not compare; the differences are printed with the table.
 */
import { readFileSync } from "node:fs";
import type { ResultRow } from "./results.js";

export interface BaselineSettings {
  readonly durationSeconds?: number;
  readonly warmupSeconds?: number;
  readonly rounds?: number;
}

export interface Baseline {
  readonly file: string;
  readonly date?: string;
  readonly machine?: string;
  readonly pinned?: boolean;
  readonly settings?: BaselineSettings;
  readonly results: readonly ResultRow[];
}

/** Reads and checks a `--json` file; throws a one-line reason when it is not one. */
export function readBaseline(file: string): Baseline {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`--baseline ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const report = parsed as Partial<Baseline> | null;
  if (typeof report !== "object" || report === null || !Array.isArray(report.results))
    throw new Error(`--baseline ${file}: not the output of --json (no "results" list)`);
  const rows = (report.results as unknown[]).filter((row): row is ResultRow => {
    const candidate = row as Partial<ResultRow> | null;
    return typeof candidate === "object" && candidate !== null && typeof candidate.target === "string" && typeof candidate.workload === "string";
  });
  return {
    file,
    ...(typeof report.date === "string" && { date: report.date }),
    ...(typeof report.machine === "string" && { machine: report.machine }),
    ...(typeof report.pinned === "boolean" && { pinned: report.pinned }),
    ...(typeof report.settings === "object" && report.settings !== null && { settings: report.settings }),
    results: rows,
  };
}

export interface CurrentRun {
  readonly machine: string;
  readonly pinned: boolean;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly rounds: number;
}

/** What differs between the baseline's run and this one, each a short phrase; empty when they compare. */
export function baselineDifferences(baseline: Baseline, current: CurrentRun): string[] {
  const differences: string[] = [];
  if (baseline.machine !== undefined && baseline.machine !== current.machine) differences.push(`machine was ${baseline.machine}`);
  if (baseline.pinned !== undefined && baseline.pinned !== current.pinned) differences.push(baseline.pinned ? "it was pinned" : "it was not pinned");
  const settings = baseline.settings ?? {};
  const compare = (name: string, before: number | undefined, now: number, unit: string): void => {
    if (before !== undefined && before !== now) differences.push(`${name} ${before}${unit} (now ${now}${unit})`);
  };
  compare("duration", settings.durationSeconds, current.durationSeconds, " s");
  compare("warm-up", settings.warmupSeconds, current.warmupSeconds, " s");
  compare("rounds", settings.rounds, current.rounds, "");
  return differences;
}

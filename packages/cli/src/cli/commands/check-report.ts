/**
 * What `turbomcp check` prints: the text report for people, and the one JSON
 * document `--json` prints for every outcome (CI tools parse stdout, so a broken
 * manifest or a bug must still produce a document there, never an empty stdout).
 */
import { type DriftReport, isInSync } from "../../check/drift.js";
import type { Diagnostic } from "../../diagnostics.js";
import { EXIT } from "../io.js";

/**
 * `not-implemented`: everything is in sync except handlers that are still stubs
 * (only with `--strict`); it fails like drift but is not drift.
 */
export type CheckStatus = "in-sync" | "drifted" | "not-implemented" | "invalid-manifest" | "internal-error";

/** A manifest problem as `--json` shows it: the same fields as the text `file:line:column pointer: message`. */
export interface CheckProblem {
  readonly file: string;
  readonly pointer: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

interface CheckJsonBase {
  readonly status: CheckStatus;
  readonly inSync: boolean;
  readonly exitCode: number;
  /** The manifest as given, relative to the working directory. */
  readonly manifest: string;
  /** Problems in the manifest itself; empty unless `status` is `invalid-manifest`. */
  readonly problems: readonly CheckProblem[];
}

/** The drift fields are present only when the manifest loaded, so the comparison ran. */
export type CheckJson =
  | (CheckJsonBase & DriftReport & { readonly status: "in-sync" | "drifted" | "not-implemented" })
  | (CheckJsonBase & { readonly status: "invalid-manifest" })
  | (CheckJsonBase & { readonly status: "internal-error"; readonly error: string });

/** True when the only thing wrong is stubs still waiting to be filled in. */
function onlyStubsLeft(report: DriftReport): boolean {
  return report.notImplemented.length > 0 && isInSync({ ...report, notImplemented: [] });
}

export function driftStatus(report: DriftReport): "in-sync" | "drifted" | "not-implemented" {
  if (isInSync(report)) return "in-sync";
  return onlyStubsLeft(report) ? "not-implemented" : "drifted";
}

export function driftJson(report: DriftReport, manifest: string): CheckJson {
  const status = driftStatus(report);
  return { status, inSync: status === "in-sync", exitCode: status === "in-sync" ? EXIT.ok : EXIT.userError, manifest, problems: [], ...report };
}

/** Copies only the documented fields, so the JSON shape does not follow whatever a diagnostic object happens to carry. */
function problemOf(diagnostic: Diagnostic): CheckProblem {
  return {
    file: diagnostic.file,
    pointer: diagnostic.pointer,
    ...(diagnostic.line === undefined ? {} : { line: diagnostic.line, column: diagnostic.column ?? 1 }),
    message: diagnostic.message,
  };
}

export function invalidManifestJson(diagnostics: readonly Diagnostic[], manifest: string): CheckJson {
  return { status: "invalid-manifest", inSync: false, exitCode: EXIT.userError, manifest, problems: diagnostics.map(problemOf) };
}

export function internalErrorJson(error: unknown, manifest: string): CheckJson {
  const message = error instanceof Error ? error.message : String(error);
  return { status: "internal-error", inSync: false, exitCode: EXIT.internalError, manifest, problems: [], error: message };
}

function section(title: string, items: readonly string[]): string {
  return items.length === 0 ? "" : `${title}\n${items.map((item) => `  ${item}`).join("\n")}\n`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The last line says what the outcome is, so a reader (or `tail -1`) gets it without reading the sections. */
function verdict(report: DriftReport, manifest: string): string {
  switch (driftStatus(report)) {
    case "in-sync":
      return `turbomcp: ${manifest} and the code are in sync\n`;
    case "not-implemented":
      return `turbomcp: ${manifest} and the code are in sync, but ${plural(report.notImplemented.length, "handler is", "handlers are")} not implemented yet (--strict)\n`;
    case "drifted":
      return `turbomcp: ${manifest} and the code have drifted apart\n`;
  }
}

export function formatDriftReport(report: DriftReport, manifest: string): string {
  const parts = [
    section(
      "Stale generated files (run `turbomcp generate`):",
      report.stale.map((file) => `${file.path}\n${file.diff.replace(/^/gm, "    ")}`),
    ),
    section("Generated files no longer in the manifest (run `turbomcp generate` to remove them):", report.leftovers),
    section("Missing handler files (run `turbomcp generate` to create stubs):", report.missingHandlers),
    section("Orphan handlers (no manifest entry; delete them or add the entry back):", report.orphanHandlers),
    section(
      "Type errors:",
      report.typeErrors.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.message}`),
    ),
    section("Handlers not implemented yet (--strict):", report.notImplemented),
    section(
      "Stale exported files (run the command shown):",
      report.staleExports.map((file) => `${file.path}  (${file.command})\n${file.diff.replace(/^/gm, "    ")}`),
    ),
  ];
  const skipped = report.typecheckSkipped ? "Type check skipped until the generated files are up to date.\n" : "";
  return `${parts.join("")}${skipped}${verdict(report, manifest)}`;
}

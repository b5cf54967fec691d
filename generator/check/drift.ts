/**
 * `turbomcp check`: the generate pipeline with the writer replaced by a comparison.
 * It reports everything that is out of sync; it never writes.
 */
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import type { PlannedFile } from "../emit/contract.js";
import type { ManifestModel } from "../model/types.js";
import { listFiles, readIfExists } from "../plan/disk.js";
import { leftoverGeneratedFiles } from "../plan/write-plan.js";
import { resolveInside } from "../util/safe-path.js";
import { NOT_IMPLEMENTED_CALL } from "./stub-marker.js";
import { type TypeProblem, typecheckProject } from "./typecheck.js";

export interface DriftReport {
  /** Generated files that are missing or differ from what the manifest produces. */
  readonly stale: { readonly path: string; readonly diff: string }[];
  /** Generated files the manifest no longer asks for. */
  readonly leftovers: string[];
  readonly missingHandlers: string[];
  /** Handler files with no manifest entry. */
  readonly orphanHandlers: string[];
  readonly typeErrors: TypeProblem[];
  /** Handlers still throwing the stub's not-implemented error (reported with --strict). */
  readonly notImplemented: string[];
  /** True when the type check was skipped because generated files are stale. */
  readonly typecheckSkipped: boolean;
}

export interface CheckOptions {
  readonly strict: boolean;
  readonly typecheck: boolean;
}

/** The subfolders of the handlers folder that hold one file per manifest entry. */
const HANDLER_FOLDERS = ["tools/", "resources/", "resource-templates/", "prompts/", "completions/"];
const MAX_DIFF_LINES = 40;

function shortDiff(file: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`${file} (on disk)`, `${file} (from manifest)`, before, after, "", "", { context: 2 });
  const lines = patch.split("\n").slice(2);
  return lines.length > MAX_DIFF_LINES ? [...lines.slice(0, MAX_DIFF_LINES), `… ${lines.length - MAX_DIFF_LINES} more lines`].join("\n") : lines.join("\n");
}

export function checkDrift(model: ManifestModel, files: readonly PlannedFile[], options: CheckOptions): DriftReport {
  const report: DriftReport = { stale: [], leftovers: leftoverGeneratedFiles(model, files), missingHandlers: [], orphanHandlers: [], typeErrors: [], notImplemented: [], typecheckSkipped: false };
  const planned = new Set<string>();
  for (const file of files) {
    planned.add(file.path);
    const onDisk = readIfExists(resolveInside(model.baseDir, file.path));
    if (file.ownership === "generated") {
      if (onDisk !== file.contents) report.stale.push({ path: file.path, diff: onDisk === undefined ? "(missing)" : shortDiff(file.path, onDisk, file.contents) });
    } else if (onDisk === undefined) {
      report.missingHandlers.push(file.path);
    } else if (options.strict && onDisk.includes(NOT_IMPLEMENTED_CALL)) {
      report.notImplemented.push(file.path);
    }
  }
  const handlersDir = resolveInside(model.baseDir, model.codegen.handlersDir);
  for (const relative of listFiles(handlersDir)) {
    if (!relative.endsWith(".ts") || !HANDLER_FOLDERS.some((folder) => relative.startsWith(folder))) continue;
    const planPath = path.posix.join(model.codegen.handlersDir, relative);
    if (!planned.has(planPath)) report.orphanHandlers.push(planPath);
  }
  if (options.typecheck) {
    if (report.stale.length > 0 || report.missingHandlers.length > 0) return { ...report, typecheckSkipped: true };
    report.typeErrors.push(...typecheckProject(model));
  }
  return report;
}

export function isInSync(report: DriftReport): boolean {
  return (
    report.stale.length === 0 &&
    report.leftovers.length === 0 &&
    report.missingHandlers.length === 0 &&
    report.orphanHandlers.length === 0 &&
    report.typeErrors.length === 0 &&
    report.notImplemented.length === 0
  );
}

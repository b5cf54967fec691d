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
import { handlerModules } from "../emit/handler-modules.js";
import { FINGERPRINT_FILE, contentHash, inputFingerprint, parseFingerprint } from "../emit/fingerprint.js";
import { generatedPaths, scaffoldPaths } from "../emit/layout.js";
import { type StaleExport, exportDrift } from "./export-drift.js";
import { NOT_IMPLEMENTED_CALL } from "./stub-marker.js";
import type { TypeProblem } from "./typecheck.js";

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
  /** Exported files the manifest keeps (`distribution.serverJson`, `serverCard`) that are missing or differ from a fresh export. */
  readonly staleExports: StaleExport[];
}

export interface CheckOptions {
  readonly strict: boolean;
  readonly typecheck: boolean;
  /** The working directory, where manifest problems an export finds are shown from. */
  readonly cwd: string;
}

/** The subfolders of the handlers folder that hold one file per manifest entry (or custom middleware definition). */
const HANDLER_FOLDERS = ["tools/", "resources/", "resource-templates/", "prompts/", "completions/", "middleware/"];
const MAX_DIFF_LINES = 40;

function shortDiff(file: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`${file} (on disk)`, `${file} (from manifest)`, before, after, "", "", { context: 2 });
  const lines = patch.split("\n").slice(2);
  return lines.length > MAX_DIFF_LINES ? [...lines.slice(0, MAX_DIFF_LINES), `… ${lines.length - MAX_DIFF_LINES} more lines`].join("\n") : lines.join("\n");
}

const sealedModels = new WeakMap<ManifestModel, boolean>();

/** True when the fingerprint matches this manifest and every generated file is present and unedited (memoised per model). */
export function generatedFilesAreSealed(model: ManifestModel): boolean {
  let sealed = sealedModels.get(model);
  if (sealed === undefined) {
    sealed = computeSealed(model);
    sealedModels.set(model, sealed);
  }
  return sealed;
}

function computeSealed(model: ManifestModel): boolean {
  const expected = generatedPaths(model);
  const fingerprintPath = expected.find((file) => file.endsWith(`/${FINGERPRINT_FILE}`));
  const fingerprint = parseFingerprint(fingerprintPath === undefined ? undefined : readIfExists(resolveInside(model.baseDir, fingerprintPath)));
  if (fingerprint === undefined || fingerprint.inputs !== inputFingerprint(model)) return false;
  const covered = expected.filter((file) => file !== fingerprintPath);
  if (Object.keys(fingerprint.files).length !== covered.length) return false;
  return (
    covered.every((file) => {
      const contents = readIfExists(resolveInside(model.baseDir, file));
      return contents !== undefined && fingerprint.files[path.posix.relative(model.codegen.generatedDir, file)] === contentHash(contents);
    }) && leftoverGeneratedFiles(model, expected).length === 0
  );
}

/**
 * Handler files (relative to the manifest's folder) that no manifest entry asks
 * for: left behind by a removed or renamed entry. `generate` warns about them too.
 */
export function findOrphanHandlers(model: ManifestModel, handlers: ReadonlySet<string> = new Set(scaffoldPaths(model, handlerModules(model)))): string[] {
  const handlersDir = resolveInside(model.baseDir, model.codegen.handlersDir);
  return listFiles(handlersDir)
    .filter((relative) => relative.endsWith(".ts") && HANDLER_FOLDERS.some((folder) => relative.startsWith(folder)))
    .map((relative) => path.posix.join(model.codegen.handlersDir, relative))
    .filter((planPath) => !handlers.has(planPath));
}

/**
 * Compares the project with the manifest. `generated` are the emitted generated
 * files to diff against; pass `undefined` when `generatedFilesAreSealed` already
 * proved them current, which skips emitting altogether.
 */
export async function checkDrift(model: ManifestModel, generated: readonly PlannedFile[] | undefined, options: CheckOptions): Promise<DriftReport> {
  const generatedPlan = generated?.map((file) => file.path) ?? generatedPaths(model);
  const report: DriftReport = {
    stale: [],
    leftovers: leftoverGeneratedFiles(model, generatedPlan),
    missingHandlers: [],
    orphanHandlers: [],
    typeErrors: [],
    notImplemented: [],
    typecheckSkipped: false,
    staleExports: exportDrift(model, options.cwd, shortDiff),
  };
  for (const file of generated ?? []) {
    const onDisk = readIfExists(resolveInside(model.baseDir, file.path));
    if (onDisk !== file.contents)
      report.stale.push({ path: file.path, diff: onDisk === undefined ? "(missing)" : shortDiff(file.path, onDisk, file.contents) });
  }
  const handlers = new Set(scaffoldPaths(model, handlerModules(model)));
  for (const handler of handlers) {
    const onDisk = readIfExists(resolveInside(model.baseDir, handler));
    if (onDisk === undefined) report.missingHandlers.push(handler);
    else if (options.strict && onDisk.includes(NOT_IMPLEMENTED_CALL)) report.notImplemented.push(handler);
  }
  report.orphanHandlers.push(...findOrphanHandlers(model, handlers));
  if (options.typecheck) {
    if (report.stale.length > 0 || report.missingHandlers.length > 0) return { ...report, typecheckSkipped: true };
    // The compiler is loaded only when a type check runs.
    const { typecheckProject } = await import("./typecheck.js");
    report.typeErrors.push(...(await typecheckProject(model)));
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
    report.notImplemented.length === 0 &&
    report.staleExports.length === 0
  );
}

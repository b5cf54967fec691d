/** `turbomcp check`: exit 0 when manifest and code agree, 1 with a report when they drift. */
import { checkDrift, type DriftReport, generatedFilesAreSealed, isInSync } from "../../check/drift.js";
import { buildModel, planFiles } from "../../pipeline.js";
import { type CliIo, EXIT } from "../io.js";

export interface CheckCommandOptions {
  readonly strict: boolean;
  readonly json: boolean;
  readonly typecheck: boolean;
  /** Emit and compare every generated file even when its fingerprint matches. */
  readonly full: boolean;
}

function section(title: string, items: readonly string[]): string {
  return items.length === 0 ? "" : `${title}\n${items.map((item) => `  ${item}`).join("\n")}\n`;
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
  ];
  const body = parts.join("");
  const skipped = report.typecheckSkipped ? "Type check skipped until the generated files are up to date.\n" : "";
  return isInSync(report) ? `turbomcp: ${manifest} and the code are in sync\n` : `${body}${skipped}turbomcp: ${manifest} and the code have drifted apart\n`;
}

export async function checkCommand(manifest: string, options: CheckCommandOptions, io: CliIo): Promise<number> {
  const model = await buildModel(manifest, io.cwd, { trustFingerprint: !options.full });
  // Emitting is the slow part; skip it when the fingerprints prove the generated files current.
  const generated = !options.full && generatedFilesAreSealed(model) ? undefined : (await planFiles(model)).filter((file) => file.ownership === "generated");
  const report = await checkDrift(model, generated, { strict: options.strict, typecheck: options.typecheck });
  const inSync = isInSync(report);
  if (options.json) io.stdout(`${JSON.stringify({ inSync, manifest: model.manifestPath, ...report }, null, 2)}\n`);
  else (inSync ? io.stdout : io.stderr)(formatDriftReport(report, model.manifestPath));
  return inSync ? EXIT.ok : EXIT.userError;
}

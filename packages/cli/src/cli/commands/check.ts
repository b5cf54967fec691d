/** `turbomcp check`: exit 0 when manifest and code agree, 1 with a report when they drift. */
import path from "node:path";
import { checkDrift, type DriftReport, generatedFilesAreSealed } from "../../check/drift.js";
import { UserError } from "../../diagnostics.js";
import { displayPathOf } from "../../load/load-manifest.js";
import { buildModel, planFiles } from "../../pipeline.js";
import { type CliIo, EXIT, reportInternalError } from "../io.js";
import { type CheckJson, driftJson, driftStatus, formatDriftReport, internalErrorJson, invalidManifestJson } from "./check-report.js";

export interface CheckCommandOptions {
  readonly strict: boolean;
  readonly json: boolean;
  readonly typecheck: boolean;
  /** Emit and compare every generated file even when its fingerprint matches. */
  readonly full: boolean;
}

async function compare(manifest: string, options: CheckCommandOptions, io: CliIo): Promise<{ readonly report: DriftReport; readonly manifest: string }> {
  const model = await buildModel(manifest, io.cwd, { trustFingerprint: !options.full });
  // Emitting is the slow part; skip it when the fingerprints prove the generated files current.
  const generated = !options.full && generatedFilesAreSealed(model) ? undefined : (await planFiles(model)).filter((file) => file.ownership === "generated");
  const report = await checkDrift(model, generated, { strict: options.strict, typecheck: options.typecheck, cwd: io.cwd });
  return { report, manifest: model.manifestPath };
}

/**
 * `--json` owns stdout: every outcome, a broken manifest and a bug included, ends
 * as one JSON document there, with the usual exit code. A bug's stack still goes
 * to stderr, as in text mode.
 */
async function checkAsJson(manifest: string, options: CheckCommandOptions, io: CliIo): Promise<number> {
  const shown = displayPathOf(path.resolve(io.cwd, manifest), io.cwd);
  let document: CheckJson;
  try {
    const result = await compare(manifest, options, io);
    document = driftJson(result.report, result.manifest);
  } catch (error) {
    if (error instanceof UserError) document = invalidManifestJson(error.diagnostics, shown);
    else {
      reportInternalError(io, error);
      document = internalErrorJson(error, shown);
    }
  }
  io.stdout(`${JSON.stringify(document, null, 2)}\n`);
  return document.exitCode;
}

export async function checkCommand(manifest: string, options: CheckCommandOptions, io: CliIo): Promise<number> {
  if (options.json) return checkAsJson(manifest, options, io);
  const result = await compare(manifest, options, io);
  const inSync = driftStatus(result.report) === "in-sync";
  (inSync ? io.stdout : io.stderr)(formatDriftReport(result.report, result.manifest));
  return inSync ? EXIT.ok : EXIT.userError;
}

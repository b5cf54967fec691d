/**
 * The one pipeline: load → validate → normalise → emit. `generate` hands the
 * planned files to the writer, `check` compares them with the disk.
 */
import { readFileSync } from "node:fs";
import { generatedFilesAreSealed } from "./check/drift.js";
import { UserError, sortDiagnostics } from "./diagnostics.js";
import type { PlannedFile } from "./emit/contract.js";
import { emitFingerprint } from "./emit/fingerprint.js";
import { generatedPaths } from "./emit/layout.js";
import { loadManifest } from "./load/load-manifest.js";
import type { ManifestInput } from "./model/manifest-input.js";
import { normalise } from "./model/normalise.js";
import { resolveInside } from "./util/safe-path.js";
import type { ManifestModel } from "./model/types.js";
import { codegenDiagnostics } from "./validate/codegen-paths.js";
import { validateAgainstManifestSchema } from "./validate/manifest-schema.js";
import { checkJsonSchemas } from "./validate/json-schemas.js";
import { semanticDiagnostics } from "./validate/semantic-checks.js";

export interface BuildOptions {
  /**
   * Skip compiling the JSON Schemas when the generated files' fingerprint matches:
   * those exact schemas compiled when the files were generated, with this very
   * turbomcp version. `check` uses it; compiling is most of its cost.
   */
  readonly trustFingerprint?: boolean;
}

/** Loads and validates a manifest; throws `UserError` with every problem found. */
export function buildModel(manifestPath: string, cwd = process.cwd(), options: BuildOptions = {}): ManifestModel {
  const loaded = loadManifest(manifestPath, cwd);
  const rootFile = loaded.root.displayPath;
  const schemaProblems = validateAgainstManifestSchema(loaded.value, loaded.sources, rootFile);
  // Semantic checks assume a well-formed manifest, so they run only once it is.
  if (schemaProblems.length > 0) throw new UserError(schemaProblems);
  const input = loaded.value as ManifestInput;
  const model = normalise(input, manifestPath, cwd);
  const problems = [...codegenDiagnostics(model, loaded.sources, rootFile), ...semanticDiagnostics(model, input, loaded.sources, rootFile)];
  const trusted = options.trustFingerprint === true && problems.length === 0 && generatedFilesAreSealed(model);
  if (!trusted) problems.push(...checkJsonSchemas(model, loaded.sources, rootFile));
  if (problems.length > 0) throw new UserError(sortDiagnostics(problems));
  return model;
}

/**
 * The plan when the fingerprint proves the generated files current: they are
 * taken from disk as they are (so the writer finds nothing to change), and only
 * the handler stubs are emitted.
 */
export async function planStubsOnly(model: ManifestModel): Promise<PlannedFile[]> {
  const { emitStubs } = await import("./emit/stubs-emitter.js");
  const current = generatedPaths(model).map((file) => ({
    path: file,
    contents: readFileSync(resolveInside(model.baseDir, file), "utf8"),
    ownership: "generated" as const,
  }));
  return [...current, ...emitStubs(model)];
}

/** Every file the manifest asks for, generated files first (fingerprint last among them), in a stable order. */
export async function planFiles(model: ManifestModel): Promise<PlannedFile[]> {
  // Loaded on demand: ts-morph and json-schema-to-typescript take a second to load,
  // which a `check` that finds the fingerprints current never needs.
  const [{ emitTypes }, { emitValidators }, { emitRoutes }, { emitServer }, { emitStubs }] = await Promise.all([
    import("./emit/types-emitter.js"),
    import("./emit/validators-emitter.js"),
    import("./emit/routes-emitter.js"),
    import("./emit/server-emitter.js"),
    import("./emit/stubs-emitter.js"),
  ]);
  const generated = [await emitTypes(model), ...emitValidators(model), emitRoutes(model), emitServer(model)];
  return [...generated, emitFingerprint(model, generated), ...emitStubs(model)];
}

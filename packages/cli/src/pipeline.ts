/**
 * The one pipeline: load → validate → normalise → validate the model → emit.
 * Every problem a manifest can have is reported before the emit stage, which runs
 * the emitters of emit/registry.ts and cannot fail on user input. `generate`
 * hands the planned files to the writer, `check` compares them with the disk.
 */
import { readFileSync } from "node:fs";
import { generatedFilesAreSealed } from "./check/drift.js";
import { UserError, sortDiagnostics } from "./diagnostics.js";
import type { Ownership, PlannedFile } from "./emit/contract.js";
import { emitFingerprint } from "./emit/fingerprint.js";
import { generatedPaths } from "./emit/layout.js";
import { EMITTERS } from "./emit/registry.js";
import { loadManifest } from "./load/load-manifest.js";
import type { ManifestInput } from "./model/manifest-input.js";
import { normalise } from "./model/normalise.js";
import { resolveInside } from "./util/safe-path.js";
import type { ManifestModel } from "./model/types.js";
import { codegenDiagnostics } from "./validate/codegen-paths.js";
import { validateAgainstManifestSchema } from "./validate/manifest-schema.js";
import { checkJsonSchemas, rawToolSchemaProblems } from "./validate/json-schemas.js";
import { checkSchemaDefaults } from "./validate/schema-defaults.js";
import { semanticDiagnostics } from "./validate/semantic-checks.js";
import { typeNameDiagnostics } from "./validate/type-names.js";

export interface BuildOptions {
  /**
   * Skip compiling the JSON Schemas (validators and types) when the generated
   * files' fingerprint matches: those exact schemas compiled when the files were
   * generated, with this very turbomcp version. `check` uses it; compiling is most
   * of its cost.
   */
  readonly trustFingerprint?: boolean;
}

/**
 * Loads and validates a manifest; throws `UserError` with every problem found.
 * A model it returns is one every emitter can emit without error.
 */
export async function buildModel(manifestPath: string, cwd = process.cwd(), options: BuildOptions = {}): Promise<ManifestModel> {
  const loaded = loadManifest(manifestPath, cwd);
  const rootFile = loaded.root.displayPath;
  const schemaProblems = [...loaded.problems, ...validateAgainstManifestSchema(loaded.value, loaded.sources, rootFile, loaded.unresolved)];
  // Semantic checks assume a well-formed manifest, so they run only once it is; the
  // tools' schemas can be checked on their own, and are, in the same round.
  if (schemaProblems.length > 0)
    throw new UserError(sortDiagnostics([...schemaProblems, ...rawToolSchemaProblems(loaded.value, loaded.sources, rootFile, loaded.unresolved)]));
  const input = loaded.value as ManifestInput;
  // Where referenced schemas were inlined: the type emitter names them (emit/named-schemas.ts).
  // Left out when there are none, so such a model (and its fingerprint) is as before.
  const normalised = normalise(input, manifestPath, cwd);
  const model: ManifestModel = loaded.inlinedSchemas.length === 0 ? normalised : { ...normalised, inlinedSchemas: loaded.inlinedSchemas };
  const problems = [...codegenDiagnostics(model, loaded.sources, rootFile), ...semanticDiagnostics(model, input, loaded.sources, rootFile)];
  const trusted = options.trustFingerprint === true && problems.length === 0 && generatedFilesAreSealed(model);
  if (!trusted) problems.push(...checkJsonSchemas(model, loaded.sources, rootFile), ...checkSchemaDefaults(model, loaded.sources, rootFile));
  // Type names are known once json-schema-to-typescript has compiled the schemas, so only for schemas that compile.
  if (!trusted && problems.length === 0) problems.push(...(await typeNameDiagnostics(model, loaded.sources, rootFile)));
  if (problems.length > 0) throw new UserError(sortDiagnostics(problems));
  return model;
}

/**
 * Runs the registry's emitters of one ownership, in order, holding each to its
 * contract (see emit/contract.ts). A broken contract is a bug in turbomcp.
 */
async function runEmitters(model: ManifestModel, ownership: Ownership): Promise<PlannedFile[]> {
  const files: PlannedFile[] = [];
  for (const emitter of EMITTERS) {
    if (emitter.ownership !== ownership) continue;
    const emitted = await emitter.emit(model);
    const declared = emitter.paths(model);
    const kept = emitted.length === declared.length && emitted.every((file, index) => file.path === declared[index] && file.ownership === ownership);
    if (!kept) {
      const got = emitted.map((file) => `${file.path} (${file.ownership})`).join(", ");
      throw new Error(`emitter "${emitter.name}" emitted [${got}] but declares [${declared.join(", ")}] (${ownership})`);
    }
    files.push(...emitted);
  }
  return files;
}

/**
 * The plan when the fingerprint proves the generated files current: they are
 * taken from disk as they are (so the writer finds nothing to change), and only
 * the scaffold files (handler stubs) are emitted.
 */
export async function planStubsOnly(model: ManifestModel): Promise<PlannedFile[]> {
  const current = generatedPaths(model).map((file) => ({
    path: file,
    contents: readFileSync(resolveInside(model.baseDir, file), "utf8"),
    ownership: "generated" as const,
  }));
  return [...current, ...(await runEmitters(model, "scaffold"))];
}

/**
 * Every file the manifest asks for, in a stable order: the generated files in
 * registry order, sealed by the fingerprint, then the scaffold files.
 */
export async function planFiles(model: ManifestModel): Promise<PlannedFile[]> {
  const generated = await runEmitters(model, "generated");
  return [...generated, emitFingerprint(model, generated), ...(await runEmitters(model, "scaffold"))];
}

/** `turbomcp generate`: write the generated code and create missing handler stubs. */
import { generatedFilesAreSealed } from "../../check/drift.js";
import { buildModel, planFiles, planStubsOnly } from "../../pipeline.js";
import { writePlan } from "../../plan/write-plan.js";
import type { ManifestModel } from "../../model/types.js";
import { type CliIo, EXIT } from "../io.js";

export interface GenerateOptions {
  readonly quiet: boolean;
  /** Emit every generated file even when the fingerprint says it is current. */
  readonly force: boolean;
}

/** Above this many entries a progress line says what is happening. */
const LARGE_MANIFEST = 200;

function entryCount(model: ManifestModel): number {
  return model.tools.length + model.resources.length + model.resourceTemplates.length + model.prompts.length;
}

export async function generateCommand(manifest: string, options: GenerateOptions, io: CliIo): Promise<number> {
  const model = await buildModel(manifest, io.cwd, { trustFingerprint: !options.force });
  // Same manifest, same turbomcp, files untouched: nothing to regenerate, only new stubs to create.
  const current = !options.force && generatedFilesAreSealed(model);
  if (!current && !options.quiet && entryCount(model) >= LARGE_MANIFEST) {
    io.stderr(`turbomcp: generating code for ${entryCount(model)} manifest entries…\n`);
  }
  const report = writePlan(model, current ? await planStubsOnly(model) : await planFiles(model));
  if (!options.quiet) {
    for (const file of report.written) io.stdout(`  wrote    ${file}\n`);
    for (const file of report.created) io.stdout(`  created  ${file}  (stub: fill it in)\n`);
    for (const file of report.removed) io.stdout(`  removed  ${file}  (no longer in the manifest)\n`);
    io.stdout(
      `turbomcp: ${report.written.length} written, ${report.created.length} stubs created, ` +
        `${report.unchanged.length} unchanged, ${report.kept.length} handlers kept\n`,
    );
  }
  return EXIT.ok;
}

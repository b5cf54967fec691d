/** `turbomcp generate`: write the generated code and create missing handler stubs. */
import { createRequire } from "node:module";
import path from "node:path";
import { generatedFilesAreSealed } from "../../check/drift.js";
import { FINGERPRINT_FILE } from "../../emit/fingerprint.js";
import type { KeptHandlerWarning } from "../../check/kept-handlers.js";
import { buildModel, planFiles, planStubsOnly } from "../../pipeline.js";
import { readIfExists } from "../../plan/disk.js";
import { type WriteReport, writePlan } from "../../plan/write-plan.js";
import type { ManifestModel } from "../../model/types.js";
import { resolveInside } from "../../util/safe-path.js";
import { type CliIo, EXIT } from "../io.js";

export interface GenerateOptions {
  readonly quiet: boolean;
  /** Emit every generated file even when the fingerprint says it is current. */
  readonly force: boolean;
  /** Exit 1 when kept handlers no longer match the manifest. */
  readonly strict: boolean;
  /** Type-check kept handlers after the generated code changed. */
  readonly typecheck: boolean;
}

/** Above this many entries a progress line says what is happening. */
const LARGE_MANIFEST = 200;

function entryCount(model: ManifestModel): number {
  return model.tools.length + model.resources.length + model.resourceTemplates.length + model.prompts.length;
}

/**
 * Kept handlers that no longer match, judged only when this run changed the
 * generated code and kept some handler: a no-op run has nothing new to say, and
 * the type check is the slow part (`check` re-checks everything).
 */
async function warningsAfter(
  model: ManifestModel,
  report: WriteReport,
  previousFingerprint: string | undefined,
  options: GenerateOptions,
): Promise<KeptHandlerWarning[]> {
  if (report.written.length === 0 && report.removed.length === 0) return [];
  // The compiler is loaded only when there is something to judge.
  const [{ keptHandlerWarnings }, { requiredInputsFromFingerprint }] = await Promise.all([
    import("../../check/kept-handlers.js"),
    import("../../check/previous-inputs.js"),
  ]);
  return keptHandlerWarnings(model, {
    kept: report.kept,
    previouslyRequired: requiredInputsFromFingerprint(previousFingerprint),
    typecheck: options.typecheck,
  });
}

function printWarnings(model: ManifestModel, warnings: readonly KeptHandlerWarning[], options: GenerateOptions, io: CliIo): void {
  for (const warning of warnings) {
    // Relative to where the command ran, so editors and terminals open file:line directly.
    const file = path.relative(io.cwd, path.join(model.baseDir, warning.file)).split(path.sep).join("/");
    io.stderr(`warning: ${file}:${warning.line}:${warning.column} ${warning.message}\n`);
  }
  const count = `${warnings.length} warning${warnings.length === 1 ? "" : "s"}`;
  io.stderr(`turbomcp: ${count} about handlers that no longer match the manifest${options.strict ? " (--strict: failing)" : ""}\n`);
}

/** The SDK the typed client (client.gen.ts) is built on, as the project would import it. */
const CLIENT_SDK = "@modelcontextprotocol/sdk";

/** Whether the project can import the SDK its client.gen.ts needs; false also when it writes no client. */
function lacksClientSdk(model: ManifestModel): boolean {
  if (!model.codegen.client) return false;
  try {
    createRequire(path.join(model.baseDir, "package.json")).resolve(`${CLIENT_SDK}/client/index.js`);
    return false;
  } catch {
    return true;
  }
}

export async function generateCommand(manifest: string, options: GenerateOptions, io: CliIo): Promise<number> {
  const model = await buildModel(manifest, io.cwd, { trustFingerprint: !options.force });
  // Same manifest, same turbomcp, files untouched: nothing to regenerate, only new stubs to create.
  const current = !options.force && generatedFilesAreSealed(model);
  if (!current && !options.quiet && entryCount(model) >= LARGE_MANIFEST) {
    io.stderr(`turbomcp: generating code for ${entryCount(model)} manifest entries…\n`);
  }
  // What the handlers were written against, read before the writer replaces it.
  const previousFingerprint = current ? undefined : readIfExists(resolveInside(model.baseDir, path.posix.join(model.codegen.generatedDir, FINGERPRINT_FILE)));
  const report = writePlan(model, current ? await planStubsOnly(model) : await planFiles(model));
  if (!options.quiet) {
    for (const file of report.written) io.stdout(`  wrote    ${file}\n`);
    // An imported tool's handler already calls its API: a working handler, not a stub to fill in.
    const calling = new Set(model.tools.flatMap((tool) => (tool.upstream === undefined ? [] : [`${model.codegen.handlersDir}/${tool.handlerModule}.ts`])));
    for (const file of report.created) io.stdout(`  created  ${file}  ${calling.has(file) ? "(calls the API; yours to edit)" : "(stub: fill it in)"}\n`);
    for (const file of report.removed) io.stdout(`  removed  ${file}  (no longer in the manifest)\n`);
    io.stdout(
      `turbomcp: ${report.written.length} written, ${report.created.length} stubs created, ` +
        `${report.unchanged.length} unchanged, ${report.kept.length} handlers kept\n`,
    );
  }
  if (lacksClientSdk(model)) {
    // Said here, plainly, rather than left to the type check's "cannot find module".
    const client = path.posix.join(model.codegen.generatedDir, "client.gen.ts");
    io.stderr(
      `warning: ${client} imports ${CLIENT_SDK}, which this project does not have: ` +
        `npm install --save-dev ${CLIENT_SDK}, or set "codegen": { "client": false } in the manifest\n`,
    );
  }
  const warnings = await warningsAfter(model, report, previousFingerprint, options);
  if (warnings.length > 0) printWarnings(model, warnings, options, io);
  return options.strict && warnings.length > 0 ? EXIT.userError : EXIT.ok;
}

/**
 * Which files a manifest produces, known without emitting them, from the paths
 * the registry's emitters declare. `check` uses them to verify fingerprints
 * quickly; the pipeline holds every emitter to its declared paths.
 */
import type { ManifestModel } from "../model/types.js";
import { FINGERPRINT_FILE } from "./fingerprint.js";
import { handlerFile } from "./handler-modules.js";
import { EMITTERS } from "./registry.js";

/** The generated files, in plan order, the fingerprint last. */
export function generatedPaths(model: ManifestModel): string[] {
  const emitted = EMITTERS.filter((emitter) => emitter.ownership === "generated").flatMap((emitter) => emitter.paths(model));
  return [...emitted, `${model.codegen.generatedDir}/${FINGERPRINT_FILE}`];
}

/** Handler files the manifest asks for (scaffold), relative to the manifest's folder. */
export function scaffoldPaths(model: ManifestModel, modules: readonly { readonly module: string }[]): string[] {
  return modules.map((module) => handlerFile(model, module));
}

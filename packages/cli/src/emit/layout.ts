/**
 * Which generated files a manifest produces, known without emitting them. `check`
 * uses it to verify fingerprints quickly; a test keeps it equal to what the
 * emitters actually produce.
 */
import type { ManifestModel } from "../model/types.js";
import { FINGERPRINT_FILE } from "./fingerprint.js";

export function generatedPaths(model: ManifestModel): string[] {
  const names = ["types.gen.ts"];
  if (model.tools.length + model.prompts.length > 0) names.push("validators.gen.ts");
  if (model.resourceTemplates.length > 0) names.push("template-validators.gen.ts");
  names.push("routes.gen.ts", "server.gen.ts", FINGERPRINT_FILE);
  return names.map((name) => `${model.codegen.generatedDir}/${name}`);
}

/** Handler files the manifest asks for (scaffold), relative to the manifest's folder. */
export function scaffoldPaths(model: ManifestModel, modules: readonly { readonly module: string }[]): string[] {
  return modules.map((module) => `${model.codegen.handlersDir}/${module.module}.ts`);
}

/**
 * Validates a resolved manifest against `schemas/manifest.schema.json`, filling in
 * the defaults that schema declares (the one place manifest defaults live).
 */
import type { ErrorObject } from "ajv/dist/2020.js";
import { type Diagnostic, sortDiagnostics } from "../diagnostics.js";
import type { SourceMap } from "../load/source-map.js";
import { joinPointer } from "../util/json-pointer.js";
import { packagePath } from "../util/package-root.js";
import { describeManifestError, selectErrors } from "./error-words.js";
// Compiled ahead of time (`npm run schema:validators`, options in scripts/schema-validators.ts):
// compiling the schema took about 200 ms of every generate and check.
import { validateManifestSchema } from "./manifest-validator.gen.js";

/** The manifest schema itself, for tests and `$schema` checks. */
export function manifestSchemaPath(): string {
  return packagePath("schemas/manifest.schema.json");
}

/**
 * Mutates `value` (defaults) and returns every schema violation, located in the user's
 * files. Violations inside, or caused by, a reference that could not be resolved
 * (`unresolved`, resolved pointers) are left out: that reference is already reported.
 */
export function validateAgainstManifestSchema(value: unknown, sources: SourceMap, rootFile: string, unresolved: readonly string[] = []): Diagnostic[] {
  if (validateManifestSchema(value)) return [];
  const errors: readonly ErrorObject[] = validateManifestSchema.errors ?? [];
  const kept = selectErrors(errors).filter((error) => !causedByHole(error, unresolved));
  return sortDiagnostics(kept.map((error) => sources.diagnostic(errorPointer(error), describeManifestError(error), rootFile)));
}

/** An error inside an unresolved reference's place, or one that says the missing reference's value is missing. */
function causedByHole(error: ErrorObject, unresolved: readonly string[]): boolean {
  if (unresolved.length === 0) return false;
  const missing = (error.params as { missingProperty?: unknown }).missingProperty;
  const at = error.keyword === "required" && typeof missing === "string" ? joinPointer(error.instancePath, missing) : errorPointer(error);
  return unresolved.some((hole) => at === hole || at.startsWith(`${hole}/`));
}

/** An unknown or invalid key is reported at the key itself, not at its parent object. */
function errorPointer(error: ErrorObject): string {
  const extra = (error.params as { additionalProperty?: unknown }).additionalProperty;
  if (error.keyword === "additionalProperties" && typeof extra === "string") return joinPointer(error.instancePath, extra);
  return error.propertyName === undefined ? error.instancePath : joinPointer(error.instancePath, error.propertyName);
}

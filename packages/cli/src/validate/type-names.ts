/**
 * Type names two schemas would both generate. Each entry's types are prefixed
 * with its own name, but a nested type adds a `$defs` key or `title` to that
 * prefix, so it can take the name of another entry's type: tool `a` with
 * `$defs.Output` makes `AInputOutput`, as does tool `a-input`'s output schema.
 * Only json-schema-to-typescript knows every name it generates, so the types are
 * compiled here (once: the type emitter reuses them, see emit/type-set.ts).
 */
import type { Diagnostic } from "../diagnostics.js";
import type { SchemaUnit } from "../emit/schema-units.js";
import type { TypeClash } from "../emit/type-set.js";
import { nestedTypeName } from "../emit/type-names.js";
import type { SourceMap } from "../load/source-map.js";
import type { ManifestModel } from "../model/types.js";
import { joinPointer } from "../util/json-pointer.js";

interface Place {
  readonly pointer: string;
  readonly nested: boolean;
}

const DEFINITIONS = new Set(["$defs", "definitions"]);

interface Visit {
  /** The unit's root schema, named by the unit, not by its own `title`. */
  readonly isRoot: boolean;
  /** The key of a `$defs` (or `definitions`) entry. */
  readonly definitionKey?: string;
  /** Whether this is a `$defs` object, whose keys name definitions. */
  readonly holdsDefinitions: boolean;
}

/**
 * The pointer, relative to `value`, of the schema in it whose name becomes
 * `typeName`, if any: the rule json-schema-to-typescript follows with our
 * `customName` (see emit/type-set.ts).
 */
function findNamedSchema(value: unknown, unit: SchemaUnit, typeName: string, visit: Visit): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (!Array.isArray(value) && !visit.isRoot) {
    const schema = value as Record<string, unknown>;
    const local = [schema.title, visit.definitionKey, schema.$id].find((candidate) => typeof candidate === "string");
    if (local !== undefined && nestedTypeName(unit.typeName, local) === typeName) return "";
  }
  for (const [key, child] of Object.entries(value)) {
    const found = findNamedSchema(child, unit, typeName, {
      isRoot: false,
      holdsDefinitions: !Array.isArray(value) && DEFINITIONS.has(key),
      ...(visit.holdsDefinitions ? { definitionKey: key } : {}),
    });
    if (found !== undefined) return joinPointer("", key) + found;
  }
  return undefined;
}

/** Where `unit` generates `typeName`: its root, or the nested schema named so (in the manifest's terms). */
function placeOf(model: ManifestModel, unit: SchemaUnit, typeName: string): Place {
  if (typeName === unit.typeName) return { pointer: unit.pointer, nested: false };
  // Template variables are one derived schema whose `properties` are the variables' schemas.
  const template = model.resourceTemplates.find((candidate) => `${candidate.pointer}/variables` === unit.pointer);
  const roots =
    template === undefined
      ? [{ schema: unit.schema, pointer: unit.pointer, isRoot: true }]
      : template.variables.map((variable) => ({ schema: variable.schema, pointer: `${joinPointer(unit.pointer, variable.name)}/schema`, isRoot: false }));
  for (const root of roots) {
    const found = findNamedSchema(root.schema, unit, typeName, { isRoot: root.isRoot, holdsDefinitions: false });
    if (found !== undefined) return { pointer: root.pointer + found, nested: true };
  }
  return { pointer: unit.pointer, nested: false };
}

function clashDiagnostic(model: ManifestModel, clash: TypeClash, sources: SourceMap, rootFile: string): Diagnostic {
  const first = placeOf(model, clash.first, clash.typeName);
  const second = placeOf(model, clash.second, clash.typeName);
  // Reported where a nested name comes from: that `title` or `$defs` key is what to rename.
  const at = second.nested || !first.nested ? second : first;
  // A named type of a referenced schema is named after where that schema is written.
  const name = (unit: SchemaUnit, place: Place): string => (unit.sharedFrom !== undefined && !place.nested ? unit.sharedFrom : place.pointer);
  const message = `type ${clash.typeName} would be generated for both ${name(clash.first, first)} and ${name(clash.second, second)}; rename a title or a $defs entry`;
  return sources.diagnostic(at.pointer, message, rootFile);
}

/** Compiles the model's types; assumes schemas that compile (checked first, see json-schemas.ts). */
export async function typeNameDiagnostics(model: ManifestModel, sources: SourceMap, rootFile: string): Promise<Diagnostic[]> {
  // json-schema-to-typescript and ts-morph load only when types are compiled.
  const { compileTypeSet } = await import("../emit/type-set.js");
  const { clashes } = await compileTypeSet(model);
  return clashes.map((clash) => clashDiagnostic(model, clash, sources, rootFile));
}

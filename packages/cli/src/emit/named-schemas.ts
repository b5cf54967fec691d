/**
 * Named types for referenced schemas (issue 16). A schema another file provides
 * (`"$ref": "./schemas/issue.json"`, `"./schemas.json#/$defs/Issue"`) is inlined
 * into every schema that uses it (load/resolve-refs.ts), which is what validators
 * and tools/list need. For types, each such target becomes ONE exported type,
 * named from its `title`, else its `$defs` key, else its file name, and every use
 * is replaced by a reference to it (json-schema-to-typescript's `tsType`).
 *
 * A use keeps its inlined copy where a reference would change the type:
 * - its subtree is not self-contained: a `#…` reference in it points outside it,
 *   or a reference elsewhere in the schema points inside it, or it declares or
 *   uses an anchor (the named type is compiled on its own, where those break);
 * - in a type whose `default`s are filled (a tool's input), the target has
 *   properties with defaults: there they are required, in the named type not.
 *
 * A target used once, as a whole schema, gets no name of its own: it is that
 * schema's type (a split manifest's `tools/add/input.json`). A target that is a
 * whole schema and would take that schema's own type name
 * (`add-input.json` as tool `add`'s `inputSchema`) is not declared again: that
 * type is the named one.
 */
import path from "node:path";
import type { InlinedSchema } from "../load/resolve-refs.js";
import { pascalCase } from "../model/names.js";
import type { ManifestModel } from "../model/types.js";
import { getAtPointer, isWithinPointer, joinPointer, parsePointer } from "../util/json-pointer.js";
import { setOwn } from "../util/own-property.js";
import { withFilledDefaultsRequired } from "./filled-defaults.js";
import type { SchemaUnit } from "./schema-units.js";

/** Keywords a subtree cannot be compiled on its own with: anchors are found by name in the whole schema. */
const ANCHORS = new Set(["$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveAnchor", "$recursiveRef"]);

/** A use of a referenced schema inside one schema unit. */
interface Site {
  readonly unit: SchemaUnit;
  /** Pointer of the inlined copy inside `unit.schema`. */
  readonly inUnit: string;
  /** Pointer of the copy relative to its emitted schema, as its kept `#…` references see it. */
  readonly inSchema: string;
  readonly value: unknown;
  readonly origin: InlinedSchema;
}

export interface NamedSchemas {
  /** One unit per named type, in order of first use. */
  readonly units: readonly SchemaUnit[];
  /** `unit` with each use of a named type replaced by a reference to it. */
  readonly schemaOf: (unit: SchemaUnit) => SchemaUnit["schema"];
}

/** Name of a referenced schema: its `title`, else its `$defs` key (or last pointer segment), else its file name. */
export function namedSchemaTypeName(origin: Pick<InlinedSchema, "file" | "pointer">, value: unknown): string {
  const title = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>).title : undefined;
  const segments = parsePointer(origin.pointer);
  const fileName = path.posix.basename(origin.file).replace(/\.[^.]*$/, "");
  const hint = typeof title === "string" && title.trim() !== "" ? title : (segments.at(-1) ?? fileName);
  const pascal = pascalCase(hint);
  return pascal === "" || /^[0-9]/.test(pascal) ? `Schema${pascal}` : pascal;
}

/** Where each emitted schema (tool schema, template variable) sits inside its unit's schema. */
function schemaRoots(model: ManifestModel, units: readonly SchemaUnit[]): Map<string, { unit: SchemaUnit; inUnit: string }> {
  const roots = new Map<string, { unit: SchemaUnit; inUnit: string }>();
  for (const unit of units) {
    const template = model.resourceTemplates.find((candidate) => `${candidate.pointer}/variables` === unit.pointer);
    if (template === undefined) {
      roots.set(unit.pointer, { unit, inUnit: "" });
      continue;
    }
    // Template variables are one derived schema whose `properties` are the variables' schemas.
    for (const variable of template.variables) {
      roots.set(`${joinPointer(unit.pointer, variable.name)}/schema`, { unit, inUnit: joinPointer("/properties", variable.name) });
    }
  }
  return roots;
}

/** Every `$ref` string in `value`, with the pointer (relative to `value`) of the object holding it. */
function refsIn(value: unknown, pointer = "", found: { at: string; ref: string }[] = []): { at: string; ref: string }[] {
  if (value === null || typeof value !== "object") return found;
  for (const [key, child] of Object.entries(value)) {
    if (key === "$ref" && typeof child === "string") found.push({ at: pointer, ref: child });
    else refsIn(child, joinPointer(pointer, key), found);
  }
  return found;
}

function usesAnchors(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, child]) => ANCHORS.has(key) || usesAnchors(child));
}

/** The JSON pointer a `#…` reference names, or undefined for anything else (anchors, files). */
function refPointer(ref: string): string | undefined {
  if (!ref.startsWith("#") || (ref.length > 1 && !ref.startsWith("#/"))) return undefined;
  return ref.slice(1);
}

/** Whether the copy at `site` can be compiled on its own and replaced by a reference. */
function selfContained(site: Site, emittedSchema: unknown): boolean {
  if (usesAnchors(site.value)) return false;
  const inside = refsIn(site.value).every(({ ref }) => {
    const target = refPointer(ref);
    return target === undefined ? !ref.startsWith("#") : isWithinPointer(target, site.inSchema);
  });
  if (!inside) return false;
  // References from the rest of the schema may name the copy itself, not a part of it.
  return refsIn(emittedSchema).every(({ at, ref }) => {
    const target = refPointer(ref);
    if (target === undefined || isWithinPointer(at, site.inSchema)) return true;
    return target === site.inSchema || !isWithinPointer(target, site.inSchema);
  });
}

/** `value` with its `#…` references made relative to `base` (the copy's own place). */
function rebaseRefs(value: unknown, base: string): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => rebaseRefs(item, base));
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const target = key === "$ref" && typeof child === "string" ? refPointer(child) : undefined;
    setOwn(result, key, target !== undefined && isWithinPointer(target, base) ? `#${target.slice(base.length)}` : rebaseRefs(child, base));
  }
  return result;
}

/** `root` with the value at `pointer` replaced, copying only the objects on the way. */
function replaceAt(root: unknown, segments: readonly string[], replacement: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return replacement;
  if (Array.isArray(root)) return (root as unknown[]).map((item, index) => (String(index) === head ? replaceAt(item, rest, replacement) : item));
  if (root === null || typeof root !== "object") return root;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(root)) setOwn(result, key, key === head ? replaceAt(child, rest, replacement) : child);
  return result;
}

/** `schema` with the copies at `uses` (pointers relative to it) replaced by references; outermost first. */
function withReferences(schema: unknown, uses: readonly { pointer: string; typeName: string }[]): unknown {
  const sorted = [...uses].sort((a, b) => parsePointer(a.pointer).length - parsePointer(b.pointer).length);
  const replaced: string[] = [];
  let result = schema;
  for (const use of sorted) {
    if (replaced.some((outer) => isWithinPointer(use.pointer, outer))) continue;
    result = replaceAt(result, parsePointer(use.pointer), { tsType: use.typeName });
    replaced.push(use.pointer);
  }
  return result;
}

export function namedSchemas(model: ManifestModel, units: readonly SchemaUnit[]): NamedSchemas {
  const roots = schemaRoots(model, units);
  const groups = new Map<string, Site[]>();
  for (const origin of model.inlinedSchemas ?? []) {
    const root = roots.get(origin.schemaOut);
    if (root === undefined || !isWithinPointer(origin.at, origin.schemaOut)) continue;
    const inSchema = origin.at.slice(origin.schemaOut.length);
    const inUnit = root.inUnit + inSchema;
    const value = getAtPointer(root.unit.schema, inUnit);
    if (value === undefined) continue;
    const site: Site = { unit: root.unit, inUnit, inSchema, value, origin };
    const emittedSchema = getAtPointer(root.unit.schema, root.inUnit);
    if (!selfContained(site, emittedSchema)) continue;
    const key = `${origin.file}#${origin.pointer}`;
    groups.set(key, [...(groups.get(key) ?? []), site]);
  }

  const fillSafe = (site: Site): boolean => JSON.stringify(withFilledDefaultsRequired(site.value as Record<string, unknown>)) === JSON.stringify(site.value);
  const typeNameOf = new Map<string, string>();
  // A schema that is a whole unit's schema and takes that unit's name (`add-input.json`
  // as tool `add`'s inputSchema: `AddInput`) is that unit's type: the others refer to it.
  const owners = new Map<string, Site>();
  for (const [key, sites] of [...groups]) {
    const first = sites[0];
    // A file that is one schema as a whole (`tools/add/input.json`) is that schema's type already.
    if (first === undefined || (sites.length === 1 && first.inSchema === "")) {
      groups.delete(key);
      continue;
    }
    const typeName = namedSchemaTypeName(first.origin, first.value);
    const owner = sites.find((site) => site.inUnit === "" && site.unit.typeName === typeName);
    // An input's type has its defaults filled: others cannot refer to it then, so all keep copies.
    if (owner !== undefined && owner.unit.fillsDefaults && !fillSafe(owner)) {
      groups.delete(key);
      continue;
    }
    typeNameOf.set(key, typeName);
    if (owner !== undefined) owners.set(key, owner);
  }
  // The uses in `unit` at or under `within`; a named type's own schema does not refer to itself.
  const usesIn = (unit: SchemaUnit, within: string, filling: boolean, self: boolean): { pointer: string; typeName: string }[] =>
    [...groups].flatMap(([key, sites]) =>
      sites
        .filter((site) => site.unit === unit && site !== owners.get(key) && (self || site.inUnit !== within) && isWithinPointer(site.inUnit, within))
        // Where defaults are filled, a target whose properties get required stays a copy.
        .filter((site) => !filling || fillSafe(site))
        .map((site) => ({ pointer: site.inUnit.slice(within.length), typeName: typeNameOf.get(key) ?? "" })),
    );

  const namedUnits: SchemaUnit[] = [];
  // In order of first use (the manifest's order, as resolve-refs walks it).
  for (const [key, sites] of groups) {
    const first = sites[0];
    const typeName = typeNameOf.get(key);
    if (first === undefined || typeName === undefined || owners.has(key)) continue;
    const nested = withReferences(first.value, usesIn(first.unit, first.inUnit, false, false));
    namedUnits.push({
      typeName,
      validatorName: "",
      schema: rebaseRefs(nested, first.inSchema) as SchemaUnit["schema"],
      pointer: first.origin.at,
      coerce: false,
      fillsDefaults: false,
      sharedFrom: first.origin.pointer === "" ? first.origin.file : `${first.origin.file}#${first.origin.pointer}`,
    });
  }
  return {
    units: namedUnits,
    schemaOf: (unit) => withReferences(unit.schema, usesIn(unit, "", unit.fillsDefaults, true)) as SchemaUnit["schema"],
  };
}

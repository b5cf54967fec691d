/**
 * Every TypeScript type a manifest needs, made once by json-schema-to-typescript.
 *
 * The validate stage compiles them to report type names that two schemas would
 * both produce (a nested `$defs` entry or `title` can take the name of another
 * entry's type), in the user's file; the type emitter then prints the same
 * structures. Like the validator set, it is cached for the model's lifetime.
 */
import { compile } from "json-schema-to-typescript";
import type { StatementStructures } from "ts-morph";
import type { ManifestModel } from "../model/types.js";
import { joinPointer, pointerAsFragment } from "../util/json-pointer.js";
import { type SchemaUnit, schemaUnits } from "./schema-units.js";
import { parseSourceText } from "./ts-project.js";
import { encodePrototypeKeys } from "./property-key-names.js";
import { tupleSchemasForTypes } from "./tuple-schemas.js";
import { nestedTypeName } from "./type-names.js";
import { withFilledDefaultsRequired } from "./filled-defaults.js";
import { namedSchemas } from "./named-schemas.js";

/** A type name that two schema units would both generate. */
export interface TypeClash {
  readonly typeName: string;
  /** The unit that generates it first, and the one that generates it again. */
  readonly first: SchemaUnit;
  readonly second: SchemaUnit;
}

export interface TypeSet {
  /** Every declaration, each name once, in schema-unit order. */
  readonly statements: readonly StatementStructures[];
  readonly clashes: readonly TypeClash[];
}

/**
 * `$ref`s to an `$anchor` (`"#address"`) rewritten as JSON-pointer references
 * (`"#/$defs/address"`): json-schema-to-typescript follows only pointers and
 * throws on anchors, which ajv and so the validators accept. An anchor declared
 * twice is left alone. Without anchors the schema is returned as it is.
 */
function anchorRefsAsPointers(schema: Record<string, unknown>): Record<string, unknown> {
  const anchors = new Map<string, string>();
  const repeated = new Set<string>();
  const collect = (value: unknown, pointer: string): void => {
    if (value === null || typeof value !== "object") return;
    const anchor = Array.isArray(value) ? undefined : (value as Record<string, unknown>).$anchor;
    if (typeof anchor === "string") {
      if (anchors.has(anchor)) repeated.add(anchor);
      anchors.set(anchor, pointer);
    }
    for (const [key, child] of Object.entries(value)) collect(child, joinPointer(pointer, key));
  };
  collect(schema, "");
  if (anchors.size === 0) return schema;
  const target = (ref: string): string | undefined => {
    const name = ref.slice(1);
    const pointer = ref.startsWith("#") && !repeated.has(name) ? anchors.get(name) : undefined;
    return pointer === undefined ? undefined : pointerAsFragment(pointer);
  };
  const rewrite = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(rewrite);
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, key === "$ref" && typeof child === "string" ? (target(child) ?? child) : rewrite(child)]),
    );
  };
  return rewrite(schema) as Record<string, unknown>;
}

async function compileType(unit: SchemaUnit): Promise<StatementStructures[]> {
  // The root is named by us; a root `title` would rename it.
  const { title: _title, $id: _id, ...written } = unit.schema as Record<string, unknown>;
  const root = unit.fillsDefaults ? withFilledDefaultsRequired(written) : written;
  const keys = encodePrototypeKeys(tupleSchemasForTypes(anchorRefsAsPointers(root)));
  const compiled = await compile(keys.schema as Record<string, unknown>, unit.typeName, {
    bannerComment: "",
    format: false,
    unknownAny: true,
    strictIndexSignatures: true,
    additionalProperties: true,
    declareExternallyReferenced: true,
    // minItems/maxItems would become unions of tuples, awkward in handlers; the validators enforce them.
    ignoreMinAndMaxItems: true,
    customName: (schema, definitionKey) => {
      // json-schema-to-typescript gives `$defs` entries an `$id` of their key, and the root one of its name.
      const local = [schema.title, definitionKey, schema.$id].find((candidate) => typeof candidate === "string");
      return local === undefined || local === unit.typeName ? undefined : nestedTypeName(unit.typeName, local);
    },
  });
  const parsed = parseSourceText(keys.restore(compiled));
  const structures = parsed.getStructure().statements;
  const statements = Array.isArray(structures) ? (structures as StatementStructures[]) : [];
  if (!statements.some((statement) => "name" in statement && statement.name === unit.typeName)) {
    throw new Error(`json-schema-to-typescript did not emit ${unit.typeName}; the generated imports would break`);
  }
  return statements;
}

async function compileTypes(model: ManifestModel): Promise<TypeSet> {
  // Referenced schemas are declared once, after the units that use them refer to them.
  const plain = schemaUnits(model);
  const named = namedSchemas(model, plain);
  const units = [...plain.map((unit) => ({ ...unit, schema: named.schemaOf(unit) })), ...named.units];
  const compiled = await Promise.all(units.map(compileType));
  const owners = new Map<string, SchemaUnit>();
  const clashes: TypeClash[] = [];
  const statements: StatementStructures[] = [];
  compiled.forEach((unitStatements, index) => {
    const unit = units[index];
    if (unit === undefined) return;
    for (const statement of unitStatements) {
      const name = "name" in statement && typeof statement.name === "string" ? statement.name : undefined;
      if (name === undefined) continue;
      const owner = owners.get(name);
      if (owner !== undefined && owner !== unit) clashes.push({ typeName: name, first: owner, second: unit });
      if (owner === undefined) {
        owners.set(name, unit);
        statements.push(statement);
      }
    }
  });
  return { statements, clashes };
}

const cache = new WeakMap<ManifestModel, Promise<TypeSet>>();

/** The model's types, compiled on first use and cached for the model's lifetime. */
export function compileTypeSet(model: ManifestModel): Promise<TypeSet> {
  let set = cache.get(model);
  if (set === undefined) {
    set = compileTypes(model);
    cache.set(model, set);
  }
  return set;
}

/**
 * Turns an OpenAPI schema object (Swagger 2.0, OpenAPI 3.0 or 3.1), already
 * dereferenced, into a JSON Schema 2020-12 the manifest accepts. The generator
 * compiles tool schemas with ajv in strict mode, so everything ajv does not know is
 * left out: OpenAPI's own keywords (`discriminator`, `xml`, `example`, `x-…`),
 * formats ajv-formats lacks (`int64`, `binary`), patterns that are no Unicode regular
 * expression. OpenAPI 3.0's `nullable` and boolean `exclusiveMinimum`/`Maximum`
 * become their JSON Schema forms; Swagger's `type: file` becomes a string.
 *
 * Dereferenced descriptions share objects and may loop (a tree node whose children
 * are tree nodes): a schema met again inside itself becomes `{}` (any value) with a
 * note, so a recursive schema never hangs the import; subtrees without such a cut are
 * converted once and shared.
 */
import type { JsonSchema } from "@turbomcp/runtime";
import { createSchemaCompiler } from "../../util/ajv-factory.js";
import { ONE_SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS } from "../../util/schema-keywords.js";
import { type JsonRecord, asRecord } from "./json-value.js";

/** What the manifest's ajv knows, read once from the same factory the generator uses. */
const compiler = createSchemaCompiler();
const KNOWN_KEYWORDS = new Set(Object.keys(compiler.RULES.keywords));
const KNOWN_FORMATS = new Set(Object.keys(compiler.formats));

/** `nullable` (ajv knows it, as OpenAPI 3.0 does) becomes a null type; the others would point outside the converted schema or change its dialect, and everything is inlined instead. */
const DROPPED = new Set(["nullable", "$schema", "$id", "$anchor", "$dynamicAnchor", "$dynamicRef", "$defs", "definitions", "$comment", "$vocabulary"]);

/** Deeper than this, a schema is cut like a loop: no real API nests so far, and it bounds the output. */
const MAX_DEPTH = 48;

function validPattern(source: string): boolean {
  try {
    new RegExp(source, "u");
    return true;
  } catch {
    return false;
  }
}

/** `nullable: true` (3.0) or `x-nullable` (2.0): null joins the type, or the schema becomes "this or null". */
function withNull(schema: Record<string, unknown>): Record<string, unknown> {
  const type = schema.type;
  if (typeof type === "string") schema.type = [type, "null"];
  else if (Array.isArray(type)) schema.type = type.includes("null") ? type : [...(type as unknown[]), "null"];
  else return { anyOf: [schema, { type: "null" }] };
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
  return schema;
}

interface Converted {
  readonly schema: JsonSchema;
  /** A loop or the depth bound cut this subtree: it depends on its ancestors, so it is not shared. */
  readonly cut: boolean;
}

/**
 * `input`: a request's schema, without `readOnly` properties (the server sets them; a
 * default of theirs would otherwise be filled in and sent). `output`: an answer's,
 * without `writeOnly` ones (passwords and the like never come back).
 */
export type SchemaDirection = "input" | "output";

export class SchemaConverter {
  private readonly done = new Map<object, JsonSchema>();
  private readonly path = new Set<object>();

  constructor(private readonly direction: SchemaDirection) {}

  /** Whether a property's schema belongs to the other direction only. */
  private leftOut(property: unknown): boolean {
    return asRecord(property)?.[this.direction === "input" ? "readOnly" : "writeOnly"] === true;
  }

  convert(source: unknown): JsonSchema {
    return this.visit(source, 0).schema;
  }

  private visit(source: unknown, depth: number): Converted {
    if (typeof source === "boolean") return { schema: source ? {} : { not: {} }, cut: false };
    const record = asRecord(source);
    if (record === undefined) return { schema: {}, cut: false };
    const shared = this.done.get(record);
    if (shared !== undefined) return { schema: shared, cut: false };
    if (this.path.has(record) || depth > MAX_DEPTH || typeof record.$ref === "string") {
      const title = typeof record.title === "string" ? ` ${record.title}` : "";
      return { schema: { description: `A recursive schema${title}: any value here (the import cuts the loop).` }, cut: true };
    }
    this.path.add(record);
    try {
      const { schema, cut } = this.keywords(record, depth);
      if (!cut) this.done.set(record, schema);
      return { schema, cut };
    } finally {
      this.path.delete(record);
    }
  }

  private keywords(record: JsonRecord, depth: number): Converted {
    let cut = false;
    const sub = (value: unknown): JsonSchema => {
      const converted = this.visit(value, depth + 1);
      cut ||= converted.cut;
      return converted.schema;
    };
    let schema: Record<string, unknown> = {};
    for (const [keyword, value] of Object.entries(record)) {
      if (DROPPED.has(keyword) || !KNOWN_KEYWORDS.has(keyword)) continue;
      if (keyword === "type" && value === "file") schema.type = "string";
      else if (keyword === "format") {
        if (typeof value === "string" && KNOWN_FORMATS.has(value)) schema.format = value;
      } else if (keyword === "pattern") {
        if (typeof value === "string" && validPattern(value)) schema.pattern = value;
      } else if ((keyword === "exclusiveMinimum" || keyword === "exclusiveMaximum") && typeof value === "boolean") {
        // 3.0 and 2.0: a flag on minimum/maximum; 2020-12: the bound itself.
        const bound = keyword === "exclusiveMinimum" ? "minimum" : "maximum";
        if (value && typeof record[bound] === "number") schema[keyword] = record[bound];
      } else if (keyword === "items" && Array.isArray(value)) schema.prefixItems = value.map(sub);
      else if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value)) schema[keyword] = value.map(sub);
      else if (ONE_SUBSCHEMA.has(keyword)) schema[keyword] = sub(value);
      else if (SUBSCHEMA_MAPS.has(keyword)) {
        const map = asRecord(value);
        if (map === undefined) continue;
        const entries = Object.entries(map).filter(
          ([key, item]) => (keyword !== "patternProperties" || validPattern(key)) && (keyword !== "properties" || !this.leftOut(item)),
        );
        schema[keyword] = Object.fromEntries(entries.map(([key, item]) => [key, sub(item)]));
      } else if (KNOWN_KEYWORDS.has(keyword)) schema[keyword] = value;
    }
    // An exclusive bound replaces the inclusive one it was a flag of.
    if (typeof schema.exclusiveMinimum === "number" && record.exclusiveMinimum === true) delete schema.minimum;
    if (typeof schema.exclusiveMaximum === "number" && record.exclusiveMaximum === true) delete schema.maximum;
    const properties = asRecord(record.properties);
    if (Array.isArray(schema.required) && properties !== undefined) {
      schema.required = schema.required.filter((name) => typeof name !== "string" || !this.leftOut(properties[name]));
    }
    if (Array.isArray(schema.required) && schema.required.length === 0) delete schema.required;
    if (record.nullable === true || record["x-nullable"] === true) schema = withNull(schema);
    return { schema, cut };
  }
}

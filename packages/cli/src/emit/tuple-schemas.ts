/**
 * 2020-12 tuples (`prefixItems`, then `items` for the rest) rewritten in the
 * draft-07 form json-schema-to-typescript reads (`items` as an array, then
 * `additionalItems`), so a tuple becomes a TypeScript tuple instead of `never[]`.
 * Only for the types: the validators compile the schema as written.
 */

/** Keywords whose value is one subschema, an array of them, or a map of them. */
const ONE = new Set([
  "additionalProperties",
  "unevaluatedProperties",
  "items",
  "additionalItems",
  "unevaluatedItems",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "contentSchema",
]);
const MANY = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const MAP = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function mapSubschemas(keyword: string, value: unknown): unknown {
  if (ONE.has(keyword)) return tupleSchemasForTypes(value);
  if (MANY.has(keyword) && Array.isArray(value)) return value.map(tupleSchemasForTypes);
  // Object.fromEntries defines own properties, so a property named `__proto__` stays one.
  if (MAP.has(keyword) && isObject(value)) return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, tupleSchemasForTypes(child)]));
  return value;
}

/** Keywords about the array itself, dropped where a tuple becomes a union of tuples. */
const ARRAY_KEYWORDS = ["type", "minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains", "unevaluatedItems"];

/** The draft-07 form of a `prefixItems` tuple (see `tupleSchemasForTypes`). */
function draft07Tuple(schema: Record<string, unknown>, prefix: readonly unknown[]): Record<string, unknown> {
  const { prefixItems: _prefix, items, ...rest } = schema;
  const full = { items: prefix, additionalItems: items ?? true };
  const minItems = typeof rest.minItems === "number" ? Math.min(rest.minItems, prefix.length) : 0;
  if (minItems >= prefix.length || rest.anyOf !== undefined) return { ...rest, ...full };
  // Elements past `minItems` may be missing: `[] | [A] | [A, B]`, each shorter one closed.
  const wrapper = Object.fromEntries(Object.entries(rest).filter(([keyword]) => !ARRAY_KEYWORDS.includes(keyword)));
  const shorter = Array.from({ length: prefix.length - minItems }, (_, index) => ({
    type: "array",
    items: prefix.slice(0, minItems + index),
    additionalItems: false,
  }));
  return { ...wrapper, anyOf: [...shorter, { type: "array", ...full }] };
}

/**
 * `schema` with every `prefixItems` tuple in draft-07 form: `items: false` closes it
 * (`[A, B]`), an `items` schema types the rest (`[A, B, ...C[]]`), no `items` leaves
 * it open (`[A, B, ...unknown[]]`). Elements past `minItems` (0 when absent) may be
 * missing, so such a tuple is a union of the shorter ones too (`[] | [A] | [A, B]`).
 * Walks subschemas only: `const`, `enum`, `default` and `examples` are data.
 */
export function tupleSchemasForTypes(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const entries = Object.entries(schema).map(([keyword, value]) => [keyword, mapSubschemas(keyword, value)] as const);
  const result = Object.fromEntries(entries) as Record<string, unknown>;
  return Array.isArray(result.prefixItems) ? draft07Tuple(result, result.prefixItems) : result;
}

/**
 * Rebuilds a JSON Schema subschema by subschema, so a rewrite for the type
 * generator touches schemas only: `const`, `enum`, `default` and `examples` are
 * data, and a property named `items` is not the keyword.
 */

/** Keywords whose value is one subschema, an array of them, or a map of them (2020-12 and draft-07). */
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

export function isSchemaObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * `schema` with `rewrite` applied to every schema object in it, innermost first.
 * New objects are built with Object.fromEntries, which defines own properties, so
 * a property named `__proto__` stays a property.
 */
export function mapSchema(schema: unknown, rewrite: (node: Record<string, unknown>) => Record<string, unknown>): unknown {
  if (!isSchemaObject(schema)) return schema;
  const child = (keyword: string, value: unknown): unknown => {
    if (ONE.has(keyword)) return mapSchema(value, rewrite);
    if (MANY.has(keyword) && Array.isArray(value)) return value.map((item) => mapSchema(item, rewrite));
    if (MAP.has(keyword) && isSchemaObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, mapSchema(item, rewrite)]));
    }
    return value;
  };
  return rewrite(Object.fromEntries(Object.entries(schema).map(([keyword, value]) => [keyword, child(keyword, value)])));
}

/**
 * Rebuilds a JSON Schema subschema by subschema, so a rewrite for the type
 * generator touches schemas only: `const`, `enum`, `default` and `examples` are
 * data, and a property named `items` is not the keyword.
 */
import { ONE_SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS } from "../util/schema-keywords.js";

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
    if (SUBSCHEMA_LISTS.has(keyword) && Array.isArray(value)) return value.map((item) => mapSchema(item, rewrite));
    if (ONE_SUBSCHEMA.has(keyword)) return mapSchema(value, rewrite);
    if (SUBSCHEMA_MAPS.has(keyword) && isSchemaObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, mapSchema(item, rewrite)]));
    }
    return value;
  };
  return rewrite(Object.fromEntries(Object.entries(schema).map(([keyword, value]) => [keyword, child(keyword, value)])));
}

/**
 * What the handler's input type says of properties with a `default`: the input
 * validator fills them in (ajv's `useDefaults`, see validator-set.ts) before the
 * handler runs, so in the handler they are always there, and the type lists them as
 * required. Only where ajv surely fills them: in `properties` of the object schemas
 * written inline (the root, properties, items, `allOf`), never inside `anyOf`, `oneOf`,
 * `not` or a condition, where ajv leaves defaults alone. A `$defs` entry may be reached
 * from either kind of place, so its defaults leave its properties optional: the type
 * may say less than the validator does, never more.
 */
import { isSchemaObject, mapSchema } from "./schema-walk.js";

/** Keywords ajv's `useDefaults` does not apply defaults under. */
const UNFILLED = new Set(["anyOf", "oneOf", "not", "if", "then", "else", "contains", "propertyNames", "dependentSchemas"]);
/**
 * Keywords holding a map of subschemas, and ones holding a subschema or a list of them, where ajv validates (and fills) as usual.
 * Draft-07 `dependencies` (whose entries may also be lists of names) and `additionalItems` too, so a
 * default under an `anyOf` there is dropped as elsewhere; `fill` leaves `dependencies` alone, as it applies only when a property is there.
 */
const MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependencies"]);
/** The maps `fill` enters: not `$defs`, whose entries may be reached from anywhere (see above). */
const FILLED_MAPS = new Set(["properties", "patternProperties"]);
const SCHEMAS = new Set(["items", "prefixItems", "additionalItems", "allOf", "additionalProperties", "unevaluatedProperties", "unevaluatedItems"]);

function fill(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fill);
  if (!isSchemaObject(node)) return node;
  const entries = Object.entries(node).map(([keyword, value]): [string, unknown] => {
    if (UNFILLED.has(keyword) || keyword === "const" || keyword === "enum" || keyword === "default" || keyword === "examples") return [keyword, value];
    if (FILLED_MAPS.has(keyword) && isSchemaObject(value))
      return [keyword, Object.fromEntries(Object.entries(value).map(([name, child]) => [name, fill(child)]))];
    if (SCHEMAS.has(keyword)) return [keyword, fill(value)];
    return [keyword, value];
  });
  const filled = Object.fromEntries(entries);
  const properties = isSchemaObject(filled.properties) ? filled.properties : undefined;
  if (properties === undefined) return filled;
  const withDefault = Object.keys(properties).filter((name) => {
    const property = properties[name];
    return isSchemaObject(property) && Object.prototype.hasOwnProperty.call(property, "default");
  });
  if (withDefault.length === 0) return filled;
  const required = Array.isArray(filled.required) ? (filled.required as unknown[]) : [];
  return { ...filled, required: [...required, ...withDefault.filter((name) => !required.includes(name))] };
}

/** `schema` as the handler sees it: every property ajv fills with its default is required. */
export function withFilledDefaultsRequired(schema: Record<string, unknown>): Record<string, unknown> {
  return fill(schema) as Record<string, unknown>;
}

/**
 * `schema` for a validator that fills defaults: `default`s where ajv would not fill
 * them (inside anyOf, oneOf, not, conditions) are dropped, as ajv's strict mode
 * refuses them there ("default is ignored for: …") though they are valid JSON Schema
 * annotations that change nothing about what validates.
 */
export function withoutUnfilledDefaults(schema: Record<string, unknown>): Record<string, unknown> {
  const strip = (node: unknown, unfilled: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => strip(item, unfilled));
    if (!isSchemaObject(node)) return node;
    if (unfilled) return mapSchema(node, ({ default: _default, ...rest }) => rest);
    return Object.fromEntries(
      Object.entries(node).map(([keyword, value]): [string, unknown] => {
        if (UNFILLED.has(keyword)) return [keyword, strip(value, true)];
        if (keyword === "const" || keyword === "enum" || keyword === "default" || keyword === "examples") return [keyword, value];
        if (MAPS.has(keyword) && isSchemaObject(value))
          return [keyword, Object.fromEntries(Object.entries(value).map(([name, child]) => [name, strip(child, false)]))];
        if (SCHEMAS.has(keyword)) return [keyword, strip(value, false)];
        return [keyword, value];
      }),
    );
  };
  return strip(schema, false) as Record<string, unknown>;
}

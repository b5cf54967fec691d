/**
 * The JSON Schema keywords (2020-12 and draft-07) whose values are subschemas, for
 * every walk over a user's schema: what it visits is a schema, never data (`const`,
 * `enum`, `default`, `examples`), and a property named `items` is not the keyword.
 */

/** Keywords whose value is one subschema. */
export const ONE_SUBSCHEMA: ReadonlySet<string> = new Set([
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

/** Keywords whose value is a list of subschemas (`items` too, in draft-07's tuple form). */
export const SUBSCHEMA_LISTS: ReadonlySet<string> = new Set(["allOf", "anyOf", "oneOf", "prefixItems", "items"]);

/** Keywords whose value maps names to subschemas (draft-07 `dependencies` values may also be lists of names). */
export const SUBSCHEMA_MAPS: ReadonlySet<string> = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"]);

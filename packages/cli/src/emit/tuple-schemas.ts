/**
 * 2020-12 tuples (`prefixItems`, then `items` for the rest) rewritten in the
 * draft-07 form json-schema-to-typescript reads (`items` as an array, then
 * `additionalItems`), so a tuple becomes a TypeScript tuple instead of `never[]`;
 * draft-07 tuples (schemas that declare draft-07) get the same union of shorter
 * tuples for elements that may be missing. Only for the types: the validators
 * compile the schema as written.
 */
import { mapSchema } from "./schema-walk.js";

/** Keywords about the array itself, dropped where a tuple becomes a union of tuples. */
const ARRAY_KEYWORDS = ["type", "minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains", "unevaluatedItems"];

/** The draft-07 form of a tuple of `prefix` then `additional` for the rest, `rest` being the schema's other keywords (see `tupleSchemasForTypes`). */
function draft07Tuple(rest: Record<string, unknown>, prefix: readonly unknown[], additional: unknown): Record<string, unknown> {
  const full = { items: prefix, additionalItems: additional ?? true };
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
 * `schema` with every `prefixItems` tuple in draft-07 form (and every draft-07 one as a union where it may be shorter): `items: false` closes it
 * (`[A, B]`), an `items` schema types the rest (`[A, B, ...C[]]`), no `items` leaves
 * it open (`[A, B, ...unknown[]]`). Elements past `minItems` (0 when absent) may be
 * missing, so such a tuple is a union of the shorter ones too (`[] | [A] | [A, B]`).
 */
export function tupleSchemasForTypes(schema: unknown): unknown {
  return mapSchema(schema, (node) => {
    if (Array.isArray(node.prefixItems)) {
      const { prefixItems, items, ...rest } = node;
      return draft07Tuple(rest, prefixItems, items);
    }
    // A draft-07 tuple (`items` is a list only there; 2020-12's meta-schema refuses it).
    if (Array.isArray(node.items)) {
      const { items, additionalItems, ...rest } = node;
      return draft07Tuple(rest, items, additionalItems);
    }
    return node;
  });
}

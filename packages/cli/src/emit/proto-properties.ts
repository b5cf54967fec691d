/**
 * ajv skips a property named `__proto__` in `properties` (ajv's
 * `allSchemaProperties` filters it, to keep its generated code safe), so such a
 * property was neither validated nor known to `additionalProperties: false`. The
 * validators compile it as `patternProperties: {"^__proto__$": …}` instead, the same
 * constraint on the same key, which ajv reads with `data[key]` (an own property, as
 * JSON.parse makes it). Types and tools/list keep the schema as written.
 */
import { mapSchema } from "./schema-walk.js";

const PROTO = "__proto__";
const PROTO_PATTERN = "^__proto__$";

export function protoPropertiesAsPatterns(schema: unknown): unknown {
  return mapSchema(schema, (node) => {
    const properties: unknown = node.properties;
    if (properties === null || typeof properties !== "object" || !Object.hasOwn(properties, PROTO)) return node;
    const entries: [string, unknown][] = Object.entries(properties);
    const proto: unknown = entries.find(([name]) => name === PROTO)?.[1];
    const patterns = (node.patternProperties ?? {}) as Record<string, unknown>;
    // A pattern written as exactly ours already: both must hold.
    const merged = Object.hasOwn(patterns, PROTO_PATTERN) ? { allOf: [patterns[PROTO_PATTERN], proto] } : proto;
    return {
      ...node,
      properties: Object.fromEntries(entries.filter(([name]) => name !== PROTO)),
      patternProperties: Object.fromEntries([...Object.entries(patterns).filter(([pattern]) => pattern !== PROTO_PATTERN), [PROTO_PATTERN, merged]]),
    };
  });
}

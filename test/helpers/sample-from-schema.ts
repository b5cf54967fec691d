/**
 * A small, deterministic sample of a JSON Schema: the least value the schema
 * accepts for the shapes the corpus uses (required properties only, minimum
 * counts and lengths, the first enum value or union member; and properties named
 * like Object.prototype members, see sampleObject). A schema's
 * `examples[0]`, `const` or `default` wins, so a case the sampler cannot satisfy
 * (a `pattern`, an `if` it would trigger) says what to use. Objects are built with
 * own properties, so a property named `__proto__` is data, never a prototype.
 */
type Schema = Record<string, unknown>;

const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  "date-time": "2026-01-01T00:00:00Z",
  date: "2026-01-01",
  time: "12:00:00Z",
  duration: "P1D",
  email: "a@example.com",
  "idn-email": "a@example.com",
  hostname: "example.com",
  "idn-hostname": "example.com",
  ipv4: "127.0.0.1",
  ipv6: "::1",
  uri: "https://example.com/",
  "uri-reference": "https://example.com/",
  iri: "https://example.com/",
  "iri-reference": "https://example.com/",
  "uri-template": "https://example.com/{id}",
  uuid: "00000000-0000-4000-8000-000000000000",
  "json-pointer": "/a",
  "relative-json-pointer": "0",
  regex: "a+",
  byte: "AA==",
};

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) throw new Error(`sampleFromSchema: only local $refs are followed, got ${ref}`);
  let node = root;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isSchema(node) || !Object.hasOwn(node, key)) throw new Error(`sampleFromSchema: ${ref} does not resolve`);
    node = node[key];
  }
  return node;
}

/** Objects merge (the union's branch adds to the base's properties); anything else replaces. */
function merge(base: unknown, extra: unknown): unknown {
  if (!isSchema(base) || !isSchema(extra)) return extra === undefined ? base : extra;
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) setOwn(merged, key, value);
  for (const [key, value] of Object.entries(extra)) setOwn(merged, key, Object.hasOwn(merged, key) ? merge(merged[key], value) : value);
  return merged;
}

function sampleString(schema: Schema): string {
  if (typeof schema.pattern === "string") throw new Error(`sampleFromSchema: give a schema with a pattern (${schema.pattern}) "examples"`);
  const format = typeof schema.format === "string" ? FORMAT_SAMPLES[schema.format] : undefined;
  const base = format ?? "x";
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  return base.length >= min ? base : base + "x".repeat(min - base.length);
}

function sampleNumber(schema: Schema, integer: boolean): number {
  let value = 0;
  if (typeof schema.minimum === "number") value = schema.minimum;
  else if (typeof schema.exclusiveMinimum === "number") value = schema.exclusiveMinimum + 1;
  else if (typeof schema.maximum === "number" && schema.maximum < 0) value = schema.maximum;
  else if (typeof schema.exclusiveMaximum === "number" && schema.exclusiveMaximum <= 0) value = schema.exclusiveMaximum - 1;
  if (integer) value = Math.ceil(value);
  if (typeof schema.multipleOf === "number") value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return value;
}

function propertySchema(schema: Schema, name: string): unknown {
  if (isSchema(schema.properties) && Object.hasOwn(schema.properties, name)) return schema.properties[name];
  if (isSchema(schema.patternProperties)) {
    for (const [pattern, sub] of Object.entries(schema.patternProperties)) if (new RegExp(pattern, "u").test(name)) return sub;
  }
  return isSchema(schema.additionalProperties) ? schema.additionalProperties : true;
}

function sampleObject(schema: Schema, root: unknown, depth: number): Record<string, unknown> {
  const names = new Set<string>(Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === "string") : []);
  const declared = isSchema(schema.properties) ? Object.keys(schema.properties) : [];
  const minProperties = typeof schema.minProperties === "number" ? schema.minProperties : 0;
  for (const name of declared) if (names.size < minProperties) names.add(name);
  // TypeScript checks an absent optional property named `constructor` or `toString`
  // against the inherited member (a Function), so an object literal must set it.
  for (const name of declared) if (name in Object.prototype) names.add(name);
  // dependentRequired: a present name brings its dependents, until nothing changes.
  const dependents = isSchema(schema.dependentRequired) ? schema.dependentRequired : {};
  for (let grown = true; grown;) {
    grown = false;
    for (const [name, list] of Object.entries(dependents)) {
      if (!names.has(name) || !Array.isArray(list)) continue;
      for (const dependent of list) {
        if (typeof dependent !== "string" || names.has(dependent)) continue;
        names.add(dependent);
        grown = true;
      }
    }
  }
  const value: Record<string, unknown> = {};
  for (const name of names) setOwn(value, name, sample(propertySchema(schema, name), root, depth + 1));
  return value;
}

function sampleArray(schema: Schema, root: unknown, depth: number): unknown[] {
  // A tuple: 2020-12 `prefixItems`, or draft-07 `items` as a list (then `additionalItems` for the rest).
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? (schema.items as unknown[]) : undefined;
  const rest = Array.isArray(schema.items) ? (schema.additionalItems ?? true) : (schema.items ?? true);
  const items: unknown[] = tuple === undefined ? [] : tuple.map((item) => sample(item, root, depth + 1));
  if (schema.contains !== undefined && items.length === 0) items.push(sample(schema.contains, root, depth + 1));
  const minItems = typeof schema.minItems === "number" ? schema.minItems : 0;
  while (items.length < minItems) items.push(sample(rest, root, depth + 1));
  return items;
}

function typeOf(schema: Schema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (typeof type === "string") return type;
  if (schema.properties !== undefined || schema.required !== undefined || schema.additionalProperties !== undefined) return "object";
  if (schema.items !== undefined || schema.prefixItems !== undefined) return "array";
  return undefined;
}

function sampleOwn(schema: Schema, root: unknown, depth: number): unknown {
  switch (typeOf(schema)) {
    case "object":
      return sampleObject(schema, root, depth);
    case "array":
      return sampleArray(schema, root, depth);
    case "string":
      return sampleString(schema);
    case "integer":
      return sampleNumber(schema, true);
    case "number":
      return sampleNumber(schema, false);
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return undefined;
  }
}

function sample(schema: unknown, root: unknown, depth: number): unknown {
  if (depth > 50) throw new Error("sampleFromSchema: recursion without an end (a required recursive property?)");
  if (!isSchema(schema)) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Object.hasOwn(schema, "const")) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Object.hasOwn(schema, "default")) return schema.default;
  let value = sampleOwn(schema, root, depth);
  if (typeof schema.$ref === "string") value = merge(value, sample(resolvePointer(root, schema.$ref), root, depth + 1));
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) value = merge(value, sample(part, root, depth + 1));
  for (const union of [schema.anyOf, schema.oneOf]) if (Array.isArray(union) && union.length > 0) value = merge(value, sample(union[0], root, depth + 1));
  return value === undefined ? null : value;
}

/** A value `schema` accepts; `$ref`s are resolved against `schema` itself (its `$defs`). */
export function sampleFromSchema(schema: unknown): unknown {
  return sample(schema, schema, 0);
}

/** `value` as a TypeScript expression; a `__proto__` key is computed, so it is an own property, not the prototype. */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (isSchema(value)) {
    const entries = Object.entries(value).map(([key, item]) => `${key === "__proto__" ? '["__proto__"]' : JSON.stringify(key)}: ${literal(item)}`);
    return `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

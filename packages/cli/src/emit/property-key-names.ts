/**
 * Property names json-schema-to-typescript cannot take as they are. It walks
 * every object of a schema with `schema.hasOwnProperty(…)` and `key in schema`, so
 * a property named `hasOwnProperty` crashes it and names such as `__proto__` or
 * `constructor` are at the mercy of Object.prototype. Such names (and every name
 * listed in `required`) are swapped for unique placeholders before it runs, and the
 * placeholders in its TypeScript for the names, quoted (`"toString"?: string`).
 * A root `$defs` (or `definitions`) entry with such a name is renamed, and the
 * `$ref`s to it with it: its key only names its type (`hasOwnProperty` →
 * `XHasOwnProperty`, as before).
 */
import { isSchemaObject, mapSchema } from "./schema-walk.js";

/** Object.prototype's own members (`toString`, `__proto__`, `__defineGetter__`, …). */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

export interface EncodedKeys {
  readonly schema: unknown;
  /** The TypeScript with each placeholder back to its (quoted) property name. */
  restore(typescript: string): string;
}

/** A prefix that occurs nowhere in `schema`, so a placeholder cannot meet user text. */
function freshPrefix(schema: unknown): string {
  const text = JSON.stringify(schema);
  let prefix = "TurbomcpKey";
  while (text.includes(prefix)) prefix += "_";
  return prefix;
}

const DEFINITIONS = ["$defs", "definitions"];

/** `schema` with its root definitions named like Object.prototype members renamed, and their `$ref`s. */
function renamePrototypeDefinitions(schema: unknown): unknown {
  if (!isSchemaObject(schema)) return schema;
  const refs = new Map<string, string>();
  const root = { ...schema };
  for (const keyword of DEFINITIONS) {
    const definitions = root[keyword];
    if (!isSchemaObject(definitions) || !Object.keys(definitions).some((name) => PROTOTYPE_NAMES.has(name))) continue;
    const taken = new Set(Object.keys(definitions));
    const renamed = Object.entries(definitions).map(([name, value]): [string, unknown] => {
      if (!PROTOTYPE_NAMES.has(name)) return [name, value];
      const base = name.replace(/^[^A-Za-z0-9]+/, "");
      let fresh = base === "" ? "Definition" : base.charAt(0).toUpperCase() + base.slice(1);
      while (taken.has(fresh) || PROTOTYPE_NAMES.has(fresh)) fresh += "_";
      taken.add(fresh);
      refs.set(`#/${keyword}/${name}`, `#/${keyword}/${fresh}`);
      return [fresh, value];
    });
    root[keyword] = Object.fromEntries(renamed);
  }
  if (refs.size === 0) return schema;
  return mapSchema(root, (node) => {
    const ref = node.$ref;
    if (typeof ref !== "string") return node;
    for (const [from, to] of refs) if (ref === from || ref.startsWith(`${from}/`)) return { ...node, $ref: to + ref.slice(from.length) };
    return node;
  });
}

export function encodePrototypeKeys(written: unknown): EncodedKeys {
  const schema = renamePrototypeDefinitions(written);
  const prefix = freshPrefix(schema);
  const placeholders = new Map<string, string>();
  const placeholder = (name: string): string => {
    let found = placeholders.get(name);
    if (found === undefined) {
      found = `${prefix}${placeholders.size}X`;
      placeholders.set(name, found);
    }
    return found;
  };
  const rename = (name: string): string => (PROTOTYPE_NAMES.has(name) ? placeholder(name) : name);
  const encoded = mapSchema(schema, (node) => {
    const properties = isSchemaObject(node.properties)
      ? Object.fromEntries(Object.entries(node.properties).map(([name, value]) => [rename(name), value]))
      : node.properties;
    const listed: unknown = node.required;
    const required = Array.isArray(listed) ? listed.map((name: unknown) => (typeof name === "string" ? rename(name) : name)) : listed;
    return { ...node, ...(properties === undefined ? {} : { properties }), ...(required === undefined ? {} : { required }) };
  });
  return {
    schema: encoded,
    restore(typescript) {
      let result = typescript;
      for (const [name, token] of placeholders) result = result.split(token).join(JSON.stringify(name));
      return result;
    },
  };
}

/**
 * ajv's standalone code declares each schema it refers to at run time as an
 * object literal written by JSON.stringify. A `"__proto__": …` key in such a literal
 * sets the object's prototype instead of making a key, so a `const` or `enum`
 * value with a `__proto__` key was compared with an object that lacks it. Every
 * schema object holding such a key (at any depth) is registered with ajv before it
 * compiles, with code that writes the key as `["__proto__"]: …` (a computed key
 * defines an own property). ajv keys its scope values by the object, so it reuses
 * the registered code, as it does for the run-time helpers (util/ajv-runtime-names.ts):
 * its own text is never edited.
 */
import { _Code } from "ajv/dist/compile/codegen/code.js";
import type { SchemaCompiler } from "../util/ajv-factory.js";

const PROTO = "__proto__";

/** JSON text that is safe inside a JavaScript string literal too (ajv escapes these as well). */
function json(value: unknown): string {
  return (JSON.stringify(value) ?? "undefined").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** `value` (JSON) as a JavaScript expression that makes every key an own property, `__proto__` too. */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(",")}]`;
  if (value === null || typeof value !== "object") return json(value);
  const entries = Object.entries(value).map(([key, child]) => `${key === PROTO ? `[${json(key)}]` : json(key)}:${literal(child)}`);
  return `{${entries.join(",")}}`;
}

/** Registers the objects in `schema` that hold a `__proto__` key somewhere; returns whether `value` holds one. */
function register(ajv: SchemaCompiler, value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  let holds = !Array.isArray(value) && Object.hasOwn(value, PROTO);
  for (const child of Object.values(value)) if (register(ajv, child)) holds = true;
  if (holds && !Array.isArray(value)) ajv.scope.value("schema", { ref: value, code: new _Code(literal(value)) });
  return holds;
}

/** Call before `ajv` compiles `schema` (standalone): ajv then writes its objects with `__proto__` keys as own properties. */
export function registerSchemaLiterals(ajv: SchemaCompiler, schema: unknown): void {
  register(ajv, schema);
}

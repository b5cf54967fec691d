/**
 * Defaults ajv's `useDefaults` cannot fill as written, filled by a keyword of the
 * validators' own instead (validator schemas only; types and tools/list keep the
 * schema as written):
 * - a property named like an Object.prototype member (`toString`): ajv fills
 *   `if (data.toString === undefined)`, which finds Object.prototype's, so it never
 *   filled it, and then checked the inherited function against the property's
 *   schema: every call without it was refused;
 * - a property named `__proto__` (ajv validates it through patternProperties, see
 *   proto-properties.ts, where it fills nothing);
 * - a default holding a `__proto__` key: ajv writes the value as an object literal,
 *   where that key sets the prototype instead of making a property.
 * The keyword runs where ajv fills defaults (first for an object, never inside
 * `anyOf`, `oneOf`, `not` or a condition) and defines each missing property as an
 * own property holding a fresh copy of the default.
 */
import type { KeywordCxt } from "ajv/dist/2020.js";
import type { SchemaCompiler } from "../util/ajv-factory.js";
import { _, _Code } from "ajv/dist/compile/codegen/code.js";
import { literal } from "./schema-literals.js";
import { isSchemaObject, mapSchema } from "./schema-walk.js";

export const OWN_DEFAULTS_KEYWORD = "x-turbomcp-own-defaults";

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

function holdsProtoKey(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (!Array.isArray(value) && Object.hasOwn(value, "__proto__")) return true;
  return Object.values(value).some(holdsProtoKey);
}

/** `schema` with the defaults ajv would fill wrongly moved from `properties` to the keyword. */
export function ownDefaultsAsKeyword(schema: unknown): unknown {
  return mapSchema(schema, (node) => {
    const properties = node.properties;
    if (!isSchemaObject(properties)) return node;
    const moved: [string, unknown][] = [];
    const kept = Object.entries(properties).map(([name, child]): [string, unknown] => {
      if (!isSchemaObject(child) || !Object.hasOwn(child, "default")) return [name, child];
      if (!PROTOTYPE_NAMES.has(name) && !holdsProtoKey(child.default)) return [name, child];
      const { default: value, ...rest } = child;
      moved.push([name, value]);
      return [name, rest];
    });
    if (moved.length === 0) return node;
    return { ...node, properties: Object.fromEntries(kept), [OWN_DEFAULTS_KEYWORD]: Object.fromEntries(moved) };
  });
}

/** Adds the keyword to an ajv that fills defaults; call before compiling. */
export function addOwnDefaultsKeyword(ajv: SchemaCompiler): void {
  ajv.addKeyword({
    keyword: OWN_DEFAULTS_KEYWORD,
    type: "object",
    schemaType: "object",
    // ajv fills its defaults before an object's first keyword: so does this.
    before: "maxProperties",
    code(cxt: KeywordCxt) {
      const { gen, data, it } = cxt;
      if (it.compositeRule === true) return;
      for (const [name, value] of Object.entries(cxt.schema as Record<string, unknown>)) {
        gen.if(_`!Object.prototype.hasOwnProperty.call(${data}, ${name})`, () =>
          gen.code(_`Object.defineProperty(${data}, ${name}, {value: ${new _Code(literal(value))}, enumerable: true, writable: true, configurable: true})`),
        );
      }
    },
  });
}

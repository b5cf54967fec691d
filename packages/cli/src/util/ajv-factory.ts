/**
 * The one ajv configuration for users' JSON Schemas, shared by the check at
 * generate time and the standalone validators, so what compiles in one compiles
 * in the other.
 */
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule, { type FormatsPlugin } from "ajv-formats";
import { RUNTIME_FORMATS_CODE, useValidatorRuntime } from "./ajv-runtime-names.js";
import type { SchemaDialect } from "./schema-dialect.js";

// ajv-formats is CommonJS: depending on the loader its default import is the plugin or the module object.
const formatsModule: unknown = addFormatsModule;
const addFormats = ((formatsModule as { default?: unknown }).default ?? formatsModule) as FormatsPlugin;

export interface SchemaCompilerOptions {
  /** Emit code for standalone modules (`generate`); plain compile otherwise. */
  readonly standalone?: boolean;
  /** Convert strings to the declared types (template variables come from URIs). */
  readonly coerceTypes?: boolean;
  /** Fill in `default`s of missing properties and tuple items, as ajv's `useDefaults` does (not inside anyOf, oneOf or not). */
  readonly useDefaults?: boolean;
  /** The draft the schemas declare (util/schema-dialect.ts); 2020-12 by default. */
  readonly dialect?: SchemaDialect;
}

/** An ajv of either draft: the generator only uses what both classes share. */
export type SchemaCompiler = Ajv2020 | Ajv;

export function createSchemaCompiler(options: SchemaCompilerOptions = {}): SchemaCompiler {
  // The same options for every draft, so a draft-07 schema compiles as strictly as a 2020-12 one.
  const ajv = new (options.dialect === "draft-07" ? Ajv : Ajv2020)({
    allErrors: true,
    strict: true,
    strictRequired: false,
    // A 2020-12 tuple (`prefixItems` with `items: false`, or open with `items`), or a
    // draft-07 one (`items` as a list, `additionalItems`), is a valid shape, not a mistake; ajv's tuple rule
    // would refuse it without matching `minItems`/`maxItems`. Unknown keywords and formats stay errors (strictSchema).
    strictTuples: false,
    // A keyword without a `type` beside it is valid JSON Schema users write all the
    // time (`then: { properties: { code: { pattern } } }`); ajv's strictTypes refused it.
    strictTypes: false,
    allowUnionTypes: true,
    // Only own properties count: an optional property named `toString` must not find
    // Object.prototype's, and a required `__proto__` must really be there.
    ownProperties: true,
    coerceTypes: options.coerceTypes ?? false,
    useDefaults: options.useDefaults ?? false,
    // Standalone validators are source files: one statement per line keeps them
    // diffable. CommonJS exports (no `esm`): validators-emitter.ts hands ajv's code a
    // local `exports` object instead of editing its text. Formats come from
    // `validatorRuntime` (ajv-formats leaves a set `code.formats` alone).
    code:
      options.standalone === true
        ? { source: true, lines: true, optimize: true, formats: RUNTIME_FORMATS_CODE }
        : { optimize: false, formats: RUNTIME_FORMATS_CODE },
  });
  useValidatorRuntime(ajv);
  addFormats(ajv);
  // ajv's strict mode rejects `$anchor` in a subschema that a `$ref` reaches
  // (ajv-validator/ajv#1854); anchors still resolve, this only admits the keyword.
  ajv.addKeyword({ keyword: "$anchor", schemaType: "string" });
  // MCP 2026-07-28 (SEP-2243): a tool parameter mirrored into an `Mcp-Param-<Name>`
  // header. An annotation only, so validators are unchanged; where it may appear and
  // what it may say is checked with located errors by validate/header-params.ts
  // (no schemaType here, or a non-string would also fail as an unlocated compile error).
  ajv.addKeyword({ keyword: "x-mcp-header" });
  return ajv;
}

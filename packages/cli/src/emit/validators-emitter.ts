/**
 * Emits precompiled validators with ajv's standalone mode: plain functions, so a
 * server compiles no schema at start-up. Two files, because template variables
 * are validated with type coercion (URI parts are strings) and the rest without.
 */
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import { VariableDeclarationKind } from "ts-morph";
import type { ManifestModel } from "../model/types.js";
import type { PlannedFile } from "./contract.js";
import { generatedHeader } from "./header.js";
import { createSourceFile, printSourceFile } from "./ts-project.js";
import { indentCode } from "./indent-code.js";
import { type CompiledGroup, compileValidatorSet } from "./validator-set.js";

type StandaloneCode = (ajv: CompiledGroup["ajv"], refs: Record<string, string>) => string;
// CommonJS module: depending on the loader its default import is the function or the module object.
const standaloneCode: StandaloneCode =
  (standaloneCodeModule as unknown as { default?: StandaloneCode }).default ?? (standaloneCodeModule as unknown as StandaloneCode);

/** ajv's CommonJS helpers, mapped to `validatorRuntime` so the module is pure ESM. */
const RUNTIME_REQUIRES: readonly [RegExp, string][] = [
  [/require\("ajv\/dist\/runtime\/(equal|ucs2length|uri|validation_error)"\)\.default/g, "validatorRuntime.$1"],
  [/require\("ajv-formats\/dist\/formats"\)\.fullFormats/g, "validatorRuntime.formats"],
];

const EXPORT_LINE = /export const ([A-Za-z0-9_$]+) = ([A-Za-z0-9_$]+);/g;

/** ajv's code without its untyped exports and CommonJS requires, plus which function each export named. */
function portableCode(code: string): { readonly body: string; readonly functions: ReadonlyMap<string, string> } {
  const functions = new Map<string, string>();
  for (const match of code.matchAll(EXPORT_LINE)) functions.set(match[1] ?? "", match[2] ?? "");
  let result = code.replace(/^"use strict";/, "").replace(EXPORT_LINE, "");
  for (const [pattern, replacement] of RUNTIME_REQUIRES) result = result.replace(pattern, replacement);
  result = result.replace(/validatorRuntime\.validation_error/g, "validatorRuntime.ValidationError");
  if (result.includes("require(")) throw new Error("ajv emitted a require() that turbomcp does not map; please report this manifest");
  return { body: result, functions };
}

/**
 * The standalone code of the schemas `refs` names (export name → schema key) in `ajv`,
 * made portable: pure ESM on `validatorRuntime`. Also writes the runtime's own config
 * validator (scripts/runtime-config-validator.ts).
 */
export function portableStandaloneCode(ajv: CompiledGroup["ajv"], refs: Record<string, string>): ReturnType<typeof portableCode> {
  return portableCode(standaloneCode(ajv, refs));
}

function emitModule(model: ManifestModel, fileName: string, group: CompiledGroup): PlannedFile[] {
  const { ajv, requests } = group;
  if (requests.length === 0) return [];
  const refs: Record<string, string> = {};
  for (const request of requests) refs[request.validatorName] = request.validatorName;
  const { body, functions } = portableStandaloneCode(ajv, refs);
  // ts-morph builds the typed imports and exports; ajv's JavaScript goes between
  // them as text, because parsing thousands of validators through ts-morph costs
  // minutes for nothing (the body is @ts-nocheck code).
  const imports = createSourceFile();
  imports.addImportDeclaration({ moduleSpecifier: "@turbomcp/runtime", namedImports: ["type CompiledValidator", "validatorRuntime"] });
  const exports = createSourceFile();
  exports.addVariableStatements(
    requests.map((request) => {
      const implementation = functions.get(request.validatorName);
      if (implementation === undefined) throw new Error(`ajv produced no validator for ${request.validatorName}`);
      return {
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name: request.validatorName, type: "CompiledValidator", initializer: implementation }],
      };
    }),
  );
  const header = `${generatedHeader(model)}\n// @ts-nocheck -- validator bodies are ajv's generated JavaScript; the exports are typed.`;
  const contents = [printSourceFile(imports, header), indentCode(body), "", printSourceFile(exports, "")].join("\n").replace(/\n{3,}/g, "\n\n");
  return [{ path: `${model.codegen.generatedDir}/${fileName}`, contents, ownership: "generated" }];
}

export function emitValidators(model: ManifestModel): PlannedFile[] {
  const set = compileValidatorSet(model);
  if (set.problems.length > 0) throw new Error("validators requested for a manifest whose schemas do not compile");
  return [...emitModule(model, "validators.gen.ts", set.plain), ...emitModule(model, "template-validators.gen.ts", set.coercing)];
}

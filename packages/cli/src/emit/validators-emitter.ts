/**
 * Emits precompiled validators with ajv's standalone mode: plain functions, so a
 * server compiles no schema at start-up. Two files, because template variables
 * are validated with type coercion (URI parts are strings) and the rest without;
 * each group (ajv options, draft) in a closure of its own.
 */
import type { AnyValidateFunction, SourceCode } from "ajv/dist/types/index.js";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import { VariableDeclarationKind } from "ts-morph";
import type { ManifestModel } from "../model/types.js";
import type { PlannedFile } from "./contract.js";
import { generatedHeader } from "./header.js";
import { createSourceFile, printSourceFile } from "./ts-project.js";
import { useValidatorRuntime } from "../util/ajv-runtime-names.js";
import { indentCode } from "./indent-code.js";
import { type CompiledGroup, compileValidatorSet } from "./validator-set.js";

type StandaloneCode = (ajv: CompiledGroup["ajv"], refs: Record<string, string>) => string;
// CommonJS module: depending on the loader its default import is the function or the module object.
const standaloneCode: StandaloneCode =
  (standaloneCodeModule as unknown as { default?: StandaloneCode }).default ?? (standaloneCodeModule as unknown as StandaloneCode);

/**
 * The local name of an export's function. Export names start with `validate`
 * (validator-names.ts) and ajv's own names are `<prefix><number>` inside the
 * closure, so these cannot collide. A bare identifier, because `check` reads the
 * typed exports line by line (check/typecheck.ts).
 */
const localName = (exportName: string): string => `ajv${exportName.charAt(0).toUpperCase()}${exportName.slice(1)}`;

/** Prefixes of ajv scope values whose code holds user data (schemas, patterns) or other validators. */
const DATA_PREFIXES = new Set(["schema", "pattern", "validate", "root", "wrapper"]);

/**
 * Every run-time value the validators' code declares must name `validatorRuntime`
 * (or a global such as `Object.prototype.hasOwnProperty`), never `require()`: the
 * module is pure ESM. Checked on ajv's scope values, not on the code's text, where
 * a schema's `description` may well say `require(`.
 */
function assertNoRequire(ajv: CompiledGroup["ajv"], refs: Record<string, string>): void {
  const seen = new Set<unknown>();
  const visit = (source: SourceCode | undefined): void => {
    if (source === undefined || seen.has(source)) return;
    seen.add(source);
    for (const [prefix, names] of Object.entries(source.scopeValues)) {
      for (const name of names ?? []) {
        const ref: unknown = name.value?.ref;
        if (prefix === "validate" && typeof ref === "function") visit((ref as AnyValidateFunction).source);
        if ((prefix === "root" || prefix === "wrapper") && ref !== null && typeof ref === "object") {
          visit((ref as { validate?: AnyValidateFunction }).validate?.source);
        }
        if (DATA_PREFIXES.has(prefix)) continue;
        const code = String(name.value?.code ?? "");
        if (code.includes("require(")) throw new Error(`ajv emitted ${code} that turbomcp does not map to validatorRuntime; please report this manifest`);
      }
    }
  };
  for (const key of Object.values(refs)) visit(ajv.getSchema(key)?.source);
}

/**
 * The standalone code of the schemas `refs` names (export name → schema key) in `ajv`,
 * as pure ESM on `validatorRuntime`: a closure runs ajv's code as it is, with ajv's
 * CommonJS exports going to a local object, destructured into one local name per
 * export (`functions`: export name → local name). ajv's text is never searched or rewritten,
 * so nothing a schema says can change the code. Also writes the runtime's own config
 * validator (scripts/schema-validators.ts).
 */
export function portableStandaloneCode(
  ajv: CompiledGroup["ajv"],
  refs: Record<string, string>,
): { readonly body: string; readonly functions: ReadonlyMap<string, string> } {
  // ajv's ESM form would put `export` statements inside the closure.
  if (ajv.opts.code.esm === true) throw new Error("portableStandaloneCode needs ajv's CommonJS export form (code.esm off)");
  // Idempotent: the generator's compiler has them already; a compiler built elsewhere gets them before compiling.
  useValidatorRuntime(ajv);
  const code = standaloneCode(ajv, refs);
  assertNoRequire(ajv, refs);
  const names = Object.keys(refs);
  const functions = new Map(names.map((name) => [name, localName(name)]));
  const bindings = names.map((name) => `${name}: ${localName(name)},`).join("\n");
  return { body: `const {\n${bindings}\n} = ((exports) => {\n${code}\nreturn exports;\n})({});`, functions };
}

/** One file from one or more groups (ajv instances of different options), each group's code in a closure of its own. */
function emitModule(model: ManifestModel, fileName: string, groups: readonly CompiledGroup[]): PlannedFile[] {
  const used = groups.filter((group) => group.requests.length > 0);
  if (used.length === 0) return [];
  const requests = used.flatMap((group) => group.requests);
  const functions = new Map<string, string>();
  const bodies = used.map(({ ajv, requests: own }) => {
    const refs: Record<string, string> = {};
    for (const request of own) refs[request.validatorName] = request.validatorName;
    const code = portableStandaloneCode(ajv, refs);
    for (const [name, local] of code.functions) functions.set(name, local);
    return code.body;
  });
  const body = bodies.join("\n\n");
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
  // Draft-07 groups come last and exist only with draft-07 schemas, so other manifests' files do not change.
  const draft07 = set.draft07;
  return [
    ...emitModule(model, "validators.gen.ts", [set.plain, set.outputs, ...(draft07 === undefined ? [] : [draft07.plain, draft07.outputs])]),
    ...emitModule(model, "template-validators.gen.ts", [set.coercing, ...(draft07 === undefined ? [] : [draft07.coercing])]),
  ];
}

/**
 * Every validator a manifest needs, compiled once with ajv in standalone mode.
 *
 * The validate stage compiles them to report schemas that do not compile (a typo
 * such as `"requierd"`, a `$ref` to nothing) in the user's file; the validator
 * emitter then reuses the same compiled functions to write their code. Compiling
 * is most of the cost of generating, so it happens once per model.
 */
import type { JsonSchema } from "turbomcp/runtime";
import { promptArgumentsSchema, templateVariablesSchema } from "../model/derived-schemas.js";
import type { ManifestModel } from "../model/types.js";
import { createSchemaCompiler } from "../util/ajv-factory.js";
import { validatorNames } from "./validator-names.js";

export interface ValidatorRequest {
  readonly exportName: string;
  readonly schema: JsonSchema;
  /** Where a compile error is reported (a manifest pointer). */
  readonly pointer: string;
}

export interface CompiledGroup {
  readonly ajv: ReturnType<typeof createSchemaCompiler>;
  readonly requests: readonly ValidatorRequest[];
}

export interface SchemaProblem {
  readonly pointer: string;
  readonly message: string;
}

export interface ValidatorSet {
  /** Tool inputs and outputs, prompt arguments: validated as they are. */
  readonly plain: CompiledGroup;
  /** Template variables: strings from the URI are coerced to their declared types. */
  readonly coercing: CompiledGroup;
  readonly problems: readonly SchemaProblem[];
}

function plainRequests(model: ManifestModel): ValidatorRequest[] {
  const requests: ValidatorRequest[] = [];
  for (const tool of model.tools) {
    const names = validatorNames.tool(tool);
    requests.push({ exportName: names.input, schema: tool.inputSchema, pointer: `${tool.pointer}/inputSchema` });
    if (tool.outputSchema !== undefined) requests.push({ exportName: names.output, schema: tool.outputSchema, pointer: `${tool.pointer}/outputSchema` });
  }
  for (const prompt of model.prompts) {
    requests.push({ exportName: validatorNames.promptArguments(prompt), schema: promptArgumentsSchema(prompt), pointer: `${prompt.pointer}/arguments` });
  }
  return requests;
}

function coercingRequests(model: ManifestModel): ValidatorRequest[] {
  return model.resourceTemplates.map((template) => ({
    exportName: validatorNames.templateVariables(template),
    schema: templateVariablesSchema(template),
    pointer: `${template.pointer}/variables`,
  }));
}

function compileGroup(requests: readonly ValidatorRequest[], coerceTypes: boolean, problems: SchemaProblem[]): CompiledGroup {
  const ajv = createSchemaCompiler({ standalone: true, coerceTypes });
  const compiled: ValidatorRequest[] = [];
  const seen = new Set<string>();
  let scratch: ReturnType<typeof createSchemaCompiler> | undefined;
  for (const request of requests) {
    // A root `$id` would make two tools sharing one schema file collide inside ajv.
    const { $id: _id, ...schema } = request.schema as Record<string, unknown>;
    try {
      if (seen.has(request.exportName)) {
        // Colliding names are reported by the semantic checks; the schema is still checked.
        scratch ??= createSchemaCompiler({ coerceTypes });
        scratch.compile(schema);
        continue;
      }
      seen.add(request.exportName);
      ajv.addSchema(schema, request.exportName);
      ajv.getSchema(request.exportName);
      compiled.push(request);
    } catch (error) {
      if (!compiled.some((done) => done.exportName === request.exportName)) ajv.removeSchema(request.exportName);
      problems.push({ pointer: request.pointer, message: error instanceof Error ? error.message.replace(/^strict mode: /, "") : String(error) });
    }
  }
  return { ajv, requests: compiled };
}

const cache = new WeakMap<ManifestModel, ValidatorSet>();

/** The model's validators, compiled on first use and cached for the model's lifetime. */
export function compileValidatorSet(model: ManifestModel): ValidatorSet {
  let set = cache.get(model);
  if (set === undefined) {
    const problems: SchemaProblem[] = [];
    set = { plain: compileGroup(plainRequests(model), false, problems), coercing: compileGroup(coercingRequests(model), true, problems), problems };
    cache.set(model, set);
  }
  return set;
}

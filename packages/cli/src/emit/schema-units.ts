/**
 * Every JSON Schema the generator turns into code, with the names of the type and
 * the validator made from it. The type emitter and the validators take this one
 * list, so a type and its validator always come from the same schema.
 */
import type { JsonSchema } from "@turbomcp/runtime";
import { promptArgumentsSchema, templateVariablesSchema } from "../model/derived-schemas.js";
import type { ManifestModel } from "../model/types.js";
import { typeNames } from "./type-names.js";
import { validatorNames } from "./validator-names.js";

export interface SchemaUnit {
  readonly typeName: string;
  readonly validatorName: string;
  readonly schema: JsonSchema;
  /** Manifest pointer where problems with this schema are reported. */
  readonly pointer: string;
  /** Template variables come from URIs as strings and are coerced to their declared types. */
  readonly coerce: boolean;
  /**
   * What a client sends (tool inputs, prompt arguments, template variables): its
   * validator fills in the schema's `default`s before the handler runs, and its type
   * says those properties are always there. A tool's output is the handler's own and
   * is checked as it is.
   */
  readonly fillsDefaults: boolean;
  /**
   * For a named type made from a referenced schema (see named-schemas.ts): where
   * that schema is written, e.g. `schemas.json#/$defs/Issue`. It has no validator.
   */
  readonly sharedFrom?: string;
}

export function schemaUnits(model: ManifestModel): SchemaUnit[] {
  const units: SchemaUnit[] = [];
  for (const tool of model.tools) {
    const types = typeNames.tool(tool);
    const validators = validatorNames.tool(tool);
    units.push({
      typeName: types.input,
      validatorName: validators.input,
      schema: tool.inputSchema,
      pointer: `${tool.pointer}/inputSchema`,
      coerce: false,
      fillsDefaults: true,
    });
    if (tool.outputSchema !== undefined) {
      units.push({
        typeName: types.output,
        validatorName: validators.output,
        schema: tool.outputSchema,
        pointer: `${tool.pointer}/outputSchema`,
        coerce: false,
        fillsDefaults: false,
      });
    }
  }
  for (const template of model.resourceTemplates) {
    units.push({
      typeName: typeNames.templateVariables(template),
      validatorName: validatorNames.templateVariables(template),
      schema: templateVariablesSchema(template),
      pointer: `${template.pointer}/variables`,
      coerce: true,
      fillsDefaults: true,
    });
  }
  for (const prompt of model.prompts) {
    units.push({
      typeName: typeNames.promptArguments(prompt),
      validatorName: validatorNames.promptArguments(prompt),
      schema: promptArgumentsSchema(prompt),
      pointer: `${prompt.pointer}/arguments`,
      coerce: false,
      fillsDefaults: true,
    });
  }
  return units;
}

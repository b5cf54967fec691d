/**
 * JSON Schemas the generator derives from the manifest: prompt arguments (always
 * strings in MCP) and URI-template variables. Both the type emitter and the
 * validator emitter use these, so types and validation cannot disagree.
 */
import type { JsonSchema } from "@turbomcp/runtime";
import { setOwn } from "../util/own-property.js";
import type { PromptModel, ResourceTemplateModel } from "./types.js";

export function promptArgumentsSchema(prompt: PromptModel): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const argument of prompt.arguments) {
    setOwn(properties, argument.name, argument.description === undefined ? { type: "string" } : { type: "string", description: argument.description });
  }
  return {
    type: "object",
    properties,
    required: prompt.arguments.filter((argument) => argument.required).map((argument) => argument.name),
    additionalProperties: false,
  };
}

export function templateVariablesSchema(template: ResourceTemplateModel): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const variable of template.variables) {
    setOwn(properties, variable.name, variable.description === undefined ? variable.schema : { ...variable.schema, description: variable.description });
  }
  return {
    type: "object",
    properties,
    required: template.variables.map((variable) => variable.name),
    additionalProperties: false,
  };
}

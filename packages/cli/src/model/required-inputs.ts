/**
 * What each handler is sure to receive: the names a tool's input schema requires
 * at its top level, a prompt's required arguments, a resource template's
 * variables (every variable of a matched URI is there). `generate` records them
 * in the fingerprint, so the next run can tell which became required since
 * (check/kept-handlers.ts).
 */
import type { ManifestModel } from "./types.js";

/** Entry kinds whose handlers take an input, as the fingerprint names them. */
export const INPUT_KINDS = ["tools", "prompts", "resourceTemplates"] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/** Per kind: entry name → the input names it requires. */
export type RequiredInputs = Readonly<Record<InputKind, ReadonlyMap<string, readonly string[]>>>;

export const NO_REQUIRED_INPUTS: RequiredInputs = { tools: new Map(), prompts: new Map(), resourceTemplates: new Map() };

function schemaRequired(schema: unknown): string[] {
  const required = schema !== null && typeof schema === "object" ? (schema as { required?: unknown }).required : undefined;
  return Array.isArray(required) ? required.filter((name): name is string => typeof name === "string") : [];
}

export function requiredInputsOfModel(model: ManifestModel): RequiredInputs {
  return {
    tools: new Map(model.tools.map((tool) => [tool.name, schemaRequired(tool.inputSchema)])),
    prompts: new Map(model.prompts.map((prompt) => [prompt.name, prompt.arguments.filter((argument) => argument.required).map((argument) => argument.name)])),
    resourceTemplates: new Map(model.resourceTemplates.map((template) => [template.name, template.variables.map((variable) => variable.name)])),
  };
}

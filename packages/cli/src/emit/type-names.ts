/** Names of the generated types, derived in one place for the type, route and stub emitters. */
import { pascalCase } from "../model/names.js";
import type { PromptModel, ResourceTemplateModel, ToolModel } from "../model/types.js";

export const typeNames = {
  tool: (tool: ToolModel) => ({ input: `${tool.typeBase}Input`, output: `${tool.typeBase}Output` }),
  templateVariables: (template: ResourceTemplateModel) => `${template.typeBase}Variables`,
  promptArguments: (prompt: PromptModel) => `${prompt.typeBase}Arguments`,
} as const;

/**
 * Name of a type nested in a schema: the root type's name as prefix, so one
 * entry's nested types cannot clash with another's by themselves. `local` is the
 * nested schema's `title`, `$defs` key or `$id`.
 */
export function nestedTypeName(rootTypeName: string, local: string): string {
  return `${rootTypeName}${pascalCase(local)}`;
}

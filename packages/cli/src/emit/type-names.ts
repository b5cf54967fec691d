/** Names of the generated types, derived in one place for the type, route and stub emitters. */
import type { PromptModel, ResourceTemplateModel, ToolModel } from "../model/types.js";

export const typeNames = {
  tool: (tool: ToolModel) => ({ input: `${tool.typeBase}Input`, output: `${tool.typeBase}Output` }),
  templateVariables: (template: ResourceTemplateModel) => `${template.typeBase}Variables`,
  promptArguments: (prompt: PromptModel) => `${prompt.typeBase}Arguments`,
} as const;

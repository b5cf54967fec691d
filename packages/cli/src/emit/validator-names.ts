/** Export names of the generated validators, shared by the validator and route emitters. */
import type { PromptModel, ResourceTemplateModel, ToolModel } from "../model/types.js";

export const validatorNames = {
  tool: (tool: ToolModel) => ({ input: `validate${tool.typeBase}Input`, output: `validate${tool.typeBase}Output` }),
  templateVariables: (template: ResourceTemplateModel) => `validate${template.typeBase}Variables`,
  promptArguments: (prompt: PromptModel) => `validate${prompt.typeBase}Arguments`,
} as const;

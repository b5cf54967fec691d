import type { ResourceContext, ResourceResult } from "@turbomcp/runtime";
import type { TemplateDataVariables } from "../../generated/types.gen.js";

/**
 * Resource template "test://template/{id}/data": JSON echoing the id, exactly the
 * shape scenario resources-templates-read documents (it checks the id appears).
 */
export async function templateData(variables: TemplateDataVariables, _ctx: ResourceContext): Promise<ResourceResult> {
  return {
    mimeType: "application/json",
    text: JSON.stringify({ id: variables.id, templateTest: true, data: `Data for ID: ${variables.id}` }),
  };
}

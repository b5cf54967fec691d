/**
 * The MCP definition objects (`Tool`, `Resource`, …) as clients receive them in
 * list results, built from the model. They are embedded in the routing table so
 * the runtime never rebuilds them.
 */
import type { PromptDefinition, ResourceDefinition, ResourceTemplateDefinition, ToolDefinition } from "@turbomcp/runtime";
import type { PromptModel, ResourceModel, ResourceTemplateModel, ToolModel } from "../model/types.js";
import { compact } from "../util/compact.js";

export function toolDefinition(tool: ToolModel): ToolDefinition {
  return compact<ToolDefinition>({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema,
    annotations: tool.annotations,
    icons: tool.icons,
    _meta: tool.meta,
  });
}

export function resourceDefinition(resource: ResourceModel): ResourceDefinition {
  return compact<ResourceDefinition>({
    uri: resource.uri,
    name: resource.name,
    title: resource.title,
    description: resource.description,
    mimeType: resource.mimeType,
    size: resource.size,
    annotations: resource.annotations,
    icons: resource.icons,
    _meta: resource.meta,
  });
}

export function resourceTemplateDefinition(template: ResourceTemplateModel): ResourceTemplateDefinition {
  return compact<ResourceTemplateDefinition>({
    uriTemplate: template.uriTemplate,
    name: template.name,
    title: template.title,
    description: template.description,
    mimeType: template.mimeType,
    annotations: template.annotations,
    icons: template.icons,
    _meta: template.meta,
  });
}

export function promptDefinition(prompt: PromptModel): PromptDefinition {
  return compact<PromptDefinition>({
    name: prompt.name,
    title: prompt.title,
    description: prompt.description,
    arguments:
      prompt.arguments.length === 0
        ? undefined
        : prompt.arguments.map((argument) =>
            compact({ name: argument.name, title: argument.title, description: argument.description, required: argument.required }),
          ),
    icons: prompt.icons,
    _meta: prompt.meta,
  });
}

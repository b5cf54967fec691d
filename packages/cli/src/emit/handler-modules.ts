/**
 * Where each handler lives and what it exports: shared by the route emitter (which
 * imports handlers), the stub emitter (which creates them) and `check` (which
 * looks for orphans).
 */
import type { CompletableParameter, ManifestModel, PromptModel, ResourceTemplateModel } from "../model/types.js";

/** `middleware`: a custom middleware's stub, written like a handler. */
export type HandlerRole = "tool" | "resource" | "resourceTemplate" | "prompt" | "completion" | "middleware";

export interface HandlerModule {
  readonly role: HandlerRole;
  /** Path relative to the handlers folder, without extension. */
  readonly module: string;
  readonly exportName: string;
  /** Unique local name for the import in routes.gen.ts. */
  readonly alias: string;
  /** Manifest pointer of the entry it serves (of a middleware: its definition, `/middleware/<name>`). */
  readonly pointer: string;
  readonly entryName: string;
}

const hasDynamicCompletion = (parameters: readonly CompletableParameter[]): boolean =>
  parameters.some((parameter) => parameter.completion !== undefined && "dynamic" in parameter.completion);

export function completionModule(owner: PromptModel | ResourceTemplateModel, kind: "prompt" | "resourceTemplate"): HandlerModule {
  return {
    role: "completion",
    module: `completions/${owner.handlerModule}`,
    exportName: "complete",
    alias: `complete${owner.typeBase}${kind === "prompt" ? "Prompt" : "Template"}`,
    pointer: owner.pointer,
    entryName: owner.name,
  };
}

export function dynamicCompletionOwner(owner: PromptModel | ResourceTemplateModel): boolean {
  return hasDynamicCompletion("arguments" in owner ? owner.arguments : owner.variables);
}

/** The handler's file, relative to the manifest's folder. */
export function handlerFile(model: ManifestModel, module: Pick<HandlerModule, "module">): string {
  return `${model.codegen.handlersDir}/${module.module}.ts`;
}

/** Every handler module the manifest asks for, in manifest order, then the custom middleware's stubs. */
export function handlerModules(model: ManifestModel): HandlerModule[] {
  const modules: HandlerModule[] = [];
  const entry = (role: HandlerRole, suffix: string, item: { handlerModule: string; identifier: string; pointer: string; name: string }): void => {
    modules.push({
      role,
      module: item.handlerModule,
      exportName: item.identifier,
      alias: `${item.identifier}${suffix}`,
      pointer: item.pointer,
      entryName: item.name,
    });
  };
  model.tools.forEach((tool) => entry("tool", "Tool", tool));
  model.resources.forEach((resource) => entry("resource", "Resource", resource));
  model.resourceTemplates.forEach((template) => {
    entry("resourceTemplate", "Template", template);
    if (dynamicCompletionOwner(template)) modules.push(completionModule(template, "resourceTemplate"));
  });
  model.prompts.forEach((prompt) => {
    entry("prompt", "Prompt", prompt);
    if (dynamicCompletionOwner(prompt)) modules.push(completionModule(prompt, "prompt"));
  });
  // Aliases end in `Middleware`, which no handler's alias does, so they cannot collide.
  for (const definition of model.middleware ?? []) if (definition.use === "custom") entry("middleware", "Middleware", definition);
  return modules;
}

/**
 * Emits handler stubs from the handlebars templates in `templates/stubs/`. Stubs
 * are scaffold files: the writer creates each once and never touches it again.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import type { ManifestModel, PromptModel, ResourceTemplateModel } from "../model/types.js";
import { packagePath } from "../util/package-root.js";
import type { PlannedFile } from "./contract.js";
import { type HandlerModule, handlerFile, handlerModules } from "./handler-modules.js";
import { typeNames } from "./type-names.js";

const templates = new Map<string, Handlebars.TemplateDelegate>();

function render(name: string, context: object): string {
  let template = templates.get(name);
  if (template === undefined) {
    const source = readFileSync(packagePath(`templates/stubs/${name}.ts.hbs`), "utf8");
    template = Handlebars.compile(source, { noEscape: true, strict: true });
    templates.set(name, template);
  }
  return template(context);
}

/** Import specifier from a handler file to a generated file. */
function generatedImport(model: ManifestModel, module: HandlerModule, target: string): string {
  const from = path.posix.dirname(`${model.codegen.handlersDir}/${module.module}`);
  const relative = path.posix.relative(from, `${model.codegen.generatedDir}/${target}`);
  return relative.startsWith(".") ? relative : `./${relative}`;
}

/** A one-line summary for the stub's doc comment. */
function summary(entry: { title?: string; description?: string; name: string }): string {
  const text = entry.description ?? entry.title ?? entry.name;
  return text.split("\n")[0]?.replace(/\*\//g, "* /").trim() ?? entry.name;
}

function completionArguments(owner: PromptModel | ResourceTemplateModel): string {
  const parameters = "arguments" in owner ? owner.arguments : owner.variables;
  return parameters
    .filter((parameter) => parameter.completion !== undefined && "dynamic" in parameter.completion)
    .map((parameter) => JSON.stringify(parameter.name))
    .join(" | ");
}

export function emitStubs(model: ManifestModel): PlannedFile[] {
  const byPointer = new Map<string, { title?: string; description?: string; name: string }>();
  for (const entry of [...model.tools, ...model.resources, ...model.resourceTemplates, ...model.prompts]) byPointer.set(entry.pointer, entry);
  for (const definition of model.middleware ?? []) if (definition.use === "custom") byPointer.set(definition.pointer, definition);
  return handlerModules(model).map((module) => {
    const entry = byPointer.get(module.pointer) ?? { name: module.entryName };
    const types = generatedImport(model, module, "types.gen.js");
    let context: Record<string, unknown> = { name: module.entryName, exportName: module.exportName, summary: summary(entry), typesImport: types };
    if (module.role === "tool") {
      const tool = model.tools.find((candidate) => candidate.pointer === module.pointer);
      const names = tool === undefined ? undefined : typeNames.tool(tool);
      context = { ...context, inputType: names?.input, outputType: tool?.outputSchema === undefined ? undefined : names?.output };
      if (tool?.upstream !== undefined) {
        // An imported tool's stub calls its operation: the server works before anyone edits it.
        const { dependency, method, path: operationPath } = tool.upstream;
        const upstreamsImport = generatedImport(model, module, "upstreams.gen.js");
        context = { ...context, upstreamsImport, dependency, method, path: operationPath.replace(/\*\//g, "* /"), nameLiteral: JSON.stringify(tool.name) };
        return { path: handlerFile(model, module), contents: render("toolUpstream", context), ownership: "scaffold" as const };
      }
    } else if (module.role === "resourceTemplate") {
      const template = model.resourceTemplates.find((candidate) => candidate.pointer === module.pointer);
      context = { ...context, variablesType: template === undefined ? "never" : typeNames.templateVariables(template) };
    } else if (module.role === "prompt") {
      const prompt = model.prompts.find((candidate) => candidate.pointer === module.pointer);
      context = { ...context, argumentsType: prompt === undefined ? "never" : typeNames.promptArguments(prompt) };
    } else if (module.role === "completion") {
      const owner = [...model.prompts, ...model.resourceTemplates].find((candidate) => candidate.pointer === module.pointer);
      context = { ...context, argumentNames: owner === undefined ? "never" : completionArguments(owner) };
    }
    return { path: handlerFile(model, module), contents: render(module.role, context), ownership: "scaffold" as const };
  });
}

/**
 * Emits `routes.gen.ts`: the frozen routing table linking each manifest entry to
 * its definition, validators, handler and policy. Each route goes through a typed
 * helper (`toolRoute<AddInput, AddOutput>`), so a handler whose signature drifts
 * from the manifest fails the type check.
 */
import path from "node:path";
import type { CodeBlockWriter, ImportDeclarationStructure, OptionalKind } from "ts-morph";
import type { CompletableParameter, ManifestModel, PromptModel, ResourceTemplateModel } from "../model/types.js";
import { compact } from "../util/compact.js";
import { setOwn } from "../util/own-property.js";
import type { PlannedFile } from "./contract.js";
import { promptDefinition, resourceDefinition, resourceTemplateDefinition, toolDefinition } from "./definitions.js";
import { type HandlerModule, completionModule, dynamicCompletionOwner, handlerModules } from "./handler-modules.js";
import { generatedHeader } from "./header.js";
import { createSourceFile, printSourceFile } from "./ts-project.js";
import { typeNames } from "./type-names.js";
import { validatorNames } from "./validator-names.js";

/** Pieces of the `defineRoutes` argument that are code, not JSON data. */
class Identifier {
  constructor(readonly name: string) {}
}
class Call {
  constructor(
    readonly helper: string,
    readonly typeArguments: string,
    readonly argument: unknown,
  ) {}
}

const code = (name: string): Identifier => new Identifier(name);
/** The routing table's one object of middleware instances. */
const MIDDLEWARE = "middleware";
const call = (helper: string, typeArguments: string, argument: unknown): Call => new Call(helper, typeArguments, argument);

/** Writes data as an object literal, with identifiers and helper calls where the model says so. */
function writeValue(writer: CodeBlockWriter, value: unknown): void {
  if (value instanceof Identifier) {
    writer.write(value.name);
  } else if (value instanceof Call) {
    writer.write(`${value.helper}${value.typeArguments}(`);
    writeValue(writer, value.argument);
    writer.write(")");
  } else if (Array.isArray(value)) {
    const inline = `[${value.map((item) => (item instanceof Identifier ? item.name : JSON.stringify(item))).join(", ")}]`;
    if (value.every((item) => item === null || typeof item !== "object" || item instanceof Identifier) && inline.length <= 80) {
      writer.write(inline);
      return;
    }
    writer
      .write("[")
      .newLine()
      .indent(() =>
        value.forEach((item) => {
          writeValue(writer, item);
          writer.write(",").newLine();
        }),
      )
      .write("]");
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) {
      writer.write("{}");
      return;
    }
    writer
      .write("{")
      .newLine()
      .indent(() => {
        for (const [key, item] of entries) {
          writer.write(propertyKey(key)).write(": ");
          writeValue(writer, item);
          writer.write(",").newLine();
        }
      })
      .write("}");
  } else {
    writer.write(JSON.stringify(value));
  }
}

/**
 * An object-literal key for `key`. `__proto__: …` (quoted or not) in a literal sets
 * the prototype instead of a property, so a schema property named `__proto__`
 * would vanish from tools/list; the computed form `["__proto__"]` defines it.
 */
function propertyKey(key: string): string {
  if (key === "__proto__") return `[${JSON.stringify(key)}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

/** The `completion` field of a route, shaped like the runtime's `CompletionSources`. */
function completionSources(
  owner: PromptModel | ResourceTemplateModel,
  parameters: readonly CompletableParameter[],
  kind: "prompt" | "resourceTemplate",
): Record<string, unknown> | undefined {
  const values: Record<string, readonly string[]> = {};
  const dynamic: string[] = [];
  for (const parameter of parameters) {
    if (parameter.completion === undefined) continue;
    if ("values" in parameter.completion) setOwn(values, parameter.name, parameter.completion.values);
    else dynamic.push(parameter.name);
  }
  if (Object.keys(values).length === 0 && dynamic.length === 0) return undefined;
  return compact({
    values: Object.keys(values).length > 0 ? values : undefined,
    dynamic: dynamic.length > 0 ? dynamic : undefined,
    handler: dynamicCompletionOwner(owner) ? code(completionModule(owner, kind).alias) : undefined,
  });
}

/** `, "id" | "tag"` for the type argument naming the dynamically completed parameters. */
function dynamicNames(parameters: readonly CompletableParameter[]): string {
  const names = parameters.filter((parameter) => parameter.completion !== undefined && "dynamic" in parameter.completion);
  return names.length === 0 ? "" : `, ${names.map((parameter) => JSON.stringify(parameter.name)).join(" | ")}`;
}

function importPath(model: ManifestModel, module: HandlerModule): string {
  const relative = path.posix.relative(model.codegen.generatedDir, `${model.codegen.handlersDir}/${module.module}.js`);
  return relative.startsWith(".") ? relative : `./${relative}`;
}

/** The routes' `middleware` field: each name read from the one `middleware` object, so entries naming it share its instance. */
function middlewareRefs(names: readonly string[] | undefined): Identifier[] | undefined {
  // `middleware.__proto__` would read the prototype in a type checker's eyes; the bracket form reads the own property.
  return names?.map((name) =>
    code(/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && name !== "__proto__" ? `${MIDDLEWARE}.${name}` : `${MIDDLEWARE}[${JSON.stringify(name)}]`),
  );
}

/** The `middleware` object: each definition built once, a built-in by its runtime factory, a custom one from its stub. */
function middlewareObject(model: ManifestModel): Record<string, unknown> {
  const aliases = new Map(handlerModules(model).map((module) => [module.pointer, module.alias]));
  const object: Record<string, unknown> = {};
  for (const definition of model.middleware ?? []) {
    setOwn(
      object,
      definition.name,
      definition.use === "custom" ? code(aliases.get(definition.pointer) ?? definition.identifier) : call(definition.factory, "", definition.options),
    );
  }
  return object;
}

export function emitRoutes(model: ManifestModel): PlannedFile[] {
  const file = createSourceFile();
  const helpers = ["defineRoutes"];
  if (model.middleware !== undefined) helpers.push("type MiddlewareUse");
  for (const definition of model.middleware ?? []) if (definition.use !== "custom" && !helpers.includes(definition.factory)) helpers.push(definition.factory);
  if (model.tools.length > 0) helpers.push("toolRoute");
  if (model.resources.length > 0) helpers.push("resourceRoute");
  if (model.resourceTemplates.length > 0) helpers.push("resourceTemplateRoute");
  if (model.prompts.length > 0) helpers.push("promptRoute");
  if (model.tools.some((tool) => tool.outputSchema === undefined)) helpers.push("type ToolResult");
  const imports: OptionalKind<ImportDeclarationStructure>[] = [
    { moduleSpecifier: "@turbomcp/runtime", namedImports: helpers.sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", ""))) },
    ...handlerModules(model).map((module) => ({
      moduleSpecifier: importPath(model, module),
      namedImports: [{ name: module.exportName, alias: module.alias }],
    })),
  ];
  const typeImports = [
    ...model.tools.flatMap((tool) =>
      tool.outputSchema === undefined ? [typeNames.tool(tool).input] : [typeNames.tool(tool).input, typeNames.tool(tool).output],
    ),
    ...model.resourceTemplates.map(typeNames.templateVariables),
    ...model.prompts.map(typeNames.promptArguments),
  ];
  if (typeImports.length > 0) imports.push({ isTypeOnly: true, moduleSpecifier: "./types.gen.js", namedImports: typeImports });
  const plainValidators = [
    ...model.tools.flatMap((tool) =>
      tool.outputSchema === undefined ? [validatorNames.tool(tool).input] : [validatorNames.tool(tool).input, validatorNames.tool(tool).output],
    ),
    ...model.prompts.map(validatorNames.promptArguments),
  ];
  if (plainValidators.length > 0) imports.push({ moduleSpecifier: "./validators.gen.js", namedImports: plainValidators });
  if (model.resourceTemplates.length > 0) {
    imports.push({ moduleSpecifier: "./template-validators.gen.js", namedImports: model.resourceTemplates.map(validatorNames.templateVariables) });
  }
  // One insertion: ts-morph re-parses the file on every insertion.
  file.addImportDeclarations(imports);

  const tools = model.tools.map((tool) => {
    const types = typeNames.tool(tool);
    const validators = validatorNames.tool(tool);
    return call(
      "toolRoute",
      `<${types.input}, ${tool.outputSchema === undefined ? "ToolResult" : types.output}>`,
      compact({
        definition: toolDefinition(tool),
        validateInput: code(validators.input),
        validateOutput: tool.outputSchema === undefined ? undefined : code(validators.output),
        handler: code(`${tool.identifier}Tool`),
        policy: tool.policy,
        execution: tool.execution,
        middleware: middlewareRefs(tool.middleware),
      }),
    );
  });
  const resources = model.resources.map((resource) =>
    call(
      "resourceRoute",
      "",
      compact({
        definition: resourceDefinition(resource),
        handler: code(`${resource.identifier}Resource`),
        policy: resource.policy,
        middleware: middlewareRefs(resource.middleware),
      }),
    ),
  );
  const resourceTemplates = model.resourceTemplates.map((template) =>
    call(
      "resourceTemplateRoute",
      `<${typeNames.templateVariables(template)}${dynamicNames(template.variables)}>`,
      compact({
        definition: resourceTemplateDefinition(template),
        variables: template.variables.map((variable) => variable.name),
        validateVariables: code(validatorNames.templateVariables(template)),
        handler: code(`${template.identifier}Template`),
        completion: completionSources(template, template.variables, "resourceTemplate"),
        policy: template.policy,
        middleware: middlewareRefs(template.middleware),
      }),
    ),
  );
  const prompts = model.prompts.map((prompt) =>
    call(
      "promptRoute",
      `<${typeNames.promptArguments(prompt)}${dynamicNames(prompt.arguments)}>`,
      compact({
        definition: promptDefinition(prompt),
        validateArguments: code(validatorNames.promptArguments(prompt)),
        handler: code(`${prompt.identifier}Prompt`),
        completion: completionSources(prompt, prompt.arguments, "prompt"),
        policy: prompt.policy,
        middleware: middlewareRefs(prompt.middleware),
      }),
    ),
  );
  const table = compact({
    server: model.server,
    tools: tools.length > 0 ? tools : undefined,
    resources: resources.length > 0 ? resources : undefined,
    resourceTemplates: resourceTemplates.length > 0 ? resourceTemplates : undefined,
    prompts: prompts.length > 0 ? prompts : undefined,
    auth: model.auth,
    tenancy: model.tenancy,
    rateLimits: model.rateLimits,
    dependencies: model.dependencies,
  });
  file.addStatements((writer) => {
    if (model.middleware !== undefined) {
      writer.blankLineIfLastNot().write(`const ${MIDDLEWARE} = `);
      writeValue(writer, middlewareObject(model));
      // Checked here, once per definition: a custom stub that exports no Middleware is reported on its own line (check/typecheck.ts).
      writer.write(" satisfies Record<string, MiddlewareUse>;").newLine().blankLine();
    }
    writer.blankLineIfLastNot().write("export const routes = defineRoutes(");
    writeValue(writer, table);
    writer.write(");");
  });
  // ts-morph adds a line break of its own before a written statement: keep one blank line, not two.
  const contents = printSourceFile(file, generatedHeader(model)).replace(/\n{3,}(const middleware|export const routes)/, "\n\n$1");
  return [{ path: `${model.codegen.generatedDir}/routes.gen.ts`, contents, ownership: "generated" }];
}

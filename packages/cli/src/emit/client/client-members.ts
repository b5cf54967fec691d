/**
 * The typed part of `client.gen.ts`: one method per manifest entry, keyed by the
 * entry's name as the manifest writes it (`client.tools.get_weather`,
 * `client.tools["get-weather"]` when the name is not an identifier), so a test
 * reads like the manifest. Each method is declared in the `TypedClient` interface
 * (with the entry's description) and implemented in `typedClient(sdk)`.
 */
import { parseUriTemplate } from "@turbomcp/runtime";
import type { ManifestModel, PromptModel, ResourceTemplateModel, ToolModel } from "../../model/types.js";
import { typeNames } from "../type-names.js";

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The name as a key of a type member; `new(…)` there would declare a construct signature, not a method named "new". */
function typeKey(name: string): string {
  return IDENTIFIER.test(name) && name !== "new" ? name : JSON.stringify(name);
}

/** The name as a key in an object literal: a quoted `"__proto__": …` would set the prototype, a computed key defines an own property. */
function valueKey(name: string): string {
  if (name === "__proto__") return `[${JSON.stringify(name)}]`;
  return typeKey(name);
}

/** A JSDoc line for an entry; `*\/` in a description would end the comment. */
function doc(text: string | undefined, indent: string): string[] {
  if (text === undefined || text.trim() === "") return [];
  const lines = text.replace(/\*\//g, "*\\/").split("\n");
  return [`${indent}/**`, ...lines.map((line) => `${indent} * ${line}`.trimEnd()), `${indent} */`];
}

interface Member {
  /** Lines of the interface member, with its JSDoc. */
  readonly declaration: readonly string[];
  /** The property of the object literal. */
  readonly implementation: string;
}

const hasRequired = (schema: unknown): boolean =>
  typeof schema === "object" &&
  schema !== null &&
  Array.isArray((schema as { required?: unknown }).required) &&
  (schema as { required: unknown[] }).required.length > 0;

function toolMember(tool: ToolModel): Member {
  const types = typeNames.tool(tool);
  const input = `input${hasRequired(tool.inputSchema) ? "" : "?"}: ${types.input}`;
  const output = tool.outputSchema === undefined ? "CallToolResult" : types.output;
  const call = tool.outputSchema === undefined ? "callTool" : `callStructured<${types.output}>`;
  return {
    declaration: [...doc(tool.description, "    "), `    ${typeKey(tool.name)}(${input}, options?: RequestOptions): Promise<${output}>;`],
    implementation: `      ${valueKey(tool.name)}: (input, options) => ${call}(sdk, ${JSON.stringify(tool.name)}, input, options),`,
  };
}

function templateMember(template: ResourceTemplateModel): Member {
  const parts = JSON.stringify(parseUriTemplate(template.uriTemplate));
  return {
    declaration: [
      ...doc(`Reads \`${template.uriTemplate}\`${template.description === undefined ? "." : `: ${template.description}`}`, "    "),
      `    ${typeKey(template.name)}(variables: ${typeNames.templateVariables(template)}, options?: RequestOptions): Promise<ReadResourceResult>;`,
    ],
    implementation: `      ${valueKey(template.name)}: (variables, options) => readResource(sdk, expandUri(${parts}, variables), options),`,
  };
}

function promptMember(prompt: PromptModel): Member {
  const optional = prompt.arguments.every((argument) => !argument.required) ? "?" : "";
  return {
    declaration: [
      ...doc(prompt.description, "    "),
      `    ${typeKey(prompt.name)}(args${optional}: ${typeNames.promptArguments(prompt)}, options?: RequestOptions): Promise<GetPromptResult>;`,
    ],
    implementation: `      ${valueKey(prompt.name)}: (args, options) => getPrompt(sdk, ${JSON.stringify(prompt.name)}, args, options),`,
  };
}

/** `readonly group: { … };` in the interface, `group: { … },` in the object. */
function group(name: string, members: readonly Member[], extra: Member[] = []): { declaration: string[]; implementation: string[] } {
  const all = [...extra, ...members];
  if (all.length === 0) return { declaration: [`  readonly ${name}: Record<never, never>;`], implementation: [`    ${name}: {},`] };
  return {
    declaration: [`  readonly ${name}: {`, ...all.flatMap((member) => member.declaration), "  };"],
    implementation: [`    ${name}: {`, ...all.map((member) => member.implementation), "    },"],
  };
}

/** The type names the typed part imports from types.gen.ts. */
export function clientTypeImports(model: ManifestModel): string[] {
  return [
    ...model.tools.flatMap((tool) =>
      tool.outputSchema === undefined ? [typeNames.tool(tool).input] : [typeNames.tool(tool).input, typeNames.tool(tool).output],
    ),
    ...model.resourceTemplates.map(typeNames.templateVariables),
    ...model.prompts.map(typeNames.promptArguments),
  ];
}

/** The statements of the typed part: `ResourceUri`, `TypedClient` and `typedClient`. */
export function clientMembers(model: ManifestModel): string[] {
  const uris = model.resources.map((resource) => JSON.stringify(resource.uri));
  const read: Member = {
    declaration: [
      "    /** Reads a resource by URI: a static resource's, or any URI a template matches. */",
      "    read(uri: ResourceUri, options?: RequestOptions): Promise<ReadResourceResult>;",
    ],
    implementation: "      read: (uri, options) => readResource(sdk, uri, options),",
  };
  const tools = group("tools", model.tools.map(toolMember));
  const resources = group("resources", [], [read]);
  const templates = group("resourceTemplates", model.resourceTemplates.map(templateMember));
  const prompts = group("prompts", model.prompts.map(promptMember));
  return [
    // `string & {}` keeps the static URIs as completions while any string is accepted.
    uris.length === 0
      ? "/** A resource URI. */\nexport type ResourceUri = string;"
      : `/** The static resources' URIs, or any other URI (a template's). */\nexport type ResourceUri = ${[...uris, "(string & {})"].join(" | ")};`,
    [
      `/** A client typed for ${model.server.name}'s entries; \`sdk\` is the SDK client underneath, for anything else. */`,
      "export interface TypedClient {",
      ...tools.declaration,
      ...resources.declaration,
      ...templates.declaration,
      ...prompts.declaration,
      "  readonly sdk: Client;",
      "  close(): Promise<void>;",
      "}",
    ].join("\n"),
    [
      "function typedClient(sdk: Client, close: () => Promise<void>): TypedClient {",
      "  return {",
      ...tools.implementation,
      ...resources.implementation,
      ...templates.implementation,
      ...prompts.implementation,
      "    sdk,",
      "    close,",
      "  };",
      "}",
    ].join("\n"),
  ];
}

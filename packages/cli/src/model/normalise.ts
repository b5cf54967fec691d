/**
 * Stage 3: turns the validated manifest into the model every emitter reads.
 * Names are derived here once; nothing downstream looks at the raw manifest.
 */
import path from "node:path";
import { type DependencyPolicies, type JsonSchema, type RoutePolicy, uriTemplateVariables } from "@turbomcp/runtime";
import { compact } from "../util/compact.js";
import { getOwn } from "../util/own-property.js";
import type { CompletionInput, ManifestInput, ToolInput, UpstreamHttpInput } from "./manifest-input.js";
import { toTenancyPolicy } from "./manifest-input.js";
import { entryMiddleware, middlewareModels } from "./middleware.js";
import { type EntryKind, fileStem, handlerIdentifier, typeBaseName } from "./names.js";
import type { CompletableParameter, EntryNames, ManifestModel, PromptModel, ResourceModel, ResourceTemplateModel, ToolModel } from "./types.js";

const HANDLER_FOLDER: Readonly<Record<EntryKind, string>> = {
  tool: "tools",
  resource: "resources",
  resourceTemplate: "resource-templates",
  prompt: "prompts",
  middleware: "middleware",
};

export function entryNames(kind: EntryKind, name: string): EntryNames {
  return {
    name,
    identifier: handlerIdentifier(kind, name),
    typeBase: typeBaseName(kind, name),
    handlerModule: `${HANDLER_FOLDER[kind]}/${fileStem(kind, name)}`,
  };
}

function policyOf(entry: { scopes: readonly string[]; timeoutMs?: number }, rateLimit?: ToolInput["rateLimit"]): RoutePolicy {
  return compact<RoutePolicy>({ scopes: entry.scopes, timeoutMs: entry.timeoutMs, rateLimit });
}

function completionOf(input: CompletionInput | undefined): CompletableParameter["completion"] {
  if (input?.values !== undefined) return { values: input.values };
  if (input?.dynamic === true) return { dynamic: true };
  return undefined;
}

const STRING_SCHEMA: JsonSchema = { type: "string" };

/** Variable names in template order; a broken template has none here and is reported by the semantic checks. */
function templateVariableNames(uriTemplate: string): string[] {
  try {
    return uriTemplateVariables(uriTemplate);
  } catch {
    return [];
  }
}

function tool(input: ToolInput, index: number): ToolModel {
  return compact<ToolModel>({
    ...entryNames("tool", input.name),
    pointer: `/tools/${index}`,
    title: input.title,
    description: input.description,
    inputSchema: input.inputSchema,
    outputSchema: input.outputSchema,
    annotations: input.annotations,
    icons: input.icons,
    meta: input._meta,
    policy: policyOf(input, input.rateLimit),
    // `forbidden` is the runtime's default: left out, so tools without tasks generate as before.
    execution: input.execution === undefined || input.execution.taskSupport === "forbidden" ? undefined : compact(input.execution),
    middleware: entryMiddleware(input.middleware),
    upstream: input.upstream,
  });
}

/** The breaker policies for the routing table (without `http`, which only upstreams.gen.ts carries) and the HTTP upstreams. */
function splitDependencies(dependencies: ManifestInput["dependencies"]): Pick<ManifestModel, "dependencies" | "upstreamApis"> {
  // An empty object declares nothing: left out, so the routes generate as without it.
  if (dependencies === undefined || Object.keys(dependencies).length === 0) return {};
  const policies: Record<string, DependencyPolicies[string]> = {};
  const upstreamApis: Record<string, UpstreamHttpInput> = {};
  for (const [name, { http, ...policy }] of Object.entries(dependencies)) {
    policies[name] = policy;
    if (http !== undefined) upstreamApis[name] = http;
  }
  return compact({ dependencies: policies, upstreamApis: Object.keys(upstreamApis).length === 0 ? undefined : upstreamApis });
}

/** `./src/generated/` → `src/generated`, so derived import paths are stable. */
function cleanFolder(folder: string): string {
  return path.posix.normalize(folder.split(path.sep).join("/")).replace(/\/+$/, "").replace(/^\.\//, "");
}

export function normalise(input: ManifestInput, manifestPath: string, cwd: string): ManifestModel {
  const resources = (input.resources ?? []).map((resource, index) =>
    compact<ResourceModel>({
      ...entryNames("resource", resource.name),
      pointer: `/resources/${index}`,
      uri: resource.uri,
      title: resource.title,
      description: resource.description,
      mimeType: resource.mimeType,
      size: resource.size,
      annotations: resource.annotations,
      icons: resource.icons,
      meta: resource._meta,
      policy: policyOf(resource),
      middleware: entryMiddleware(resource.middleware),
    }),
  );
  const resourceTemplates = (input.resourceTemplates ?? []).map((template, index) =>
    compact<ResourceTemplateModel>({
      ...entryNames("resourceTemplate", template.name),
      pointer: `/resourceTemplates/${index}`,
      uriTemplate: template.uriTemplate,
      title: template.title,
      description: template.description,
      mimeType: template.mimeType,
      annotations: template.annotations,
      icons: template.icons,
      meta: template._meta,
      variables: templateVariableNames(template.uriTemplate).map((name) => {
        // Own entries only: a variable named `toString` must not find Object.prototype's.
        const variable = getOwn(template.variables, name);
        return compact({
          name,
          description: variable?.description,
          schema: variable?.schema ?? STRING_SCHEMA,
          completion: completionOf(variable?.completion),
        });
      }),
      policy: policyOf(template),
      middleware: entryMiddleware(template.middleware),
    }),
  );
  const prompts = (input.prompts ?? []).map((prompt, index) =>
    compact<PromptModel>({
      ...entryNames("prompt", prompt.name),
      pointer: `/prompts/${index}`,
      title: prompt.title,
      description: prompt.description,
      icons: prompt.icons,
      meta: prompt._meta,
      arguments: (prompt.arguments ?? []).map((argument) =>
        compact({
          name: argument.name,
          title: argument.title,
          description: argument.description,
          required: argument.required,
          completion: completionOf(argument.completion),
        }),
      ),
      policy: policyOf(prompt),
      middleware: entryMiddleware(prompt.middleware),
    }),
  );
  const absoluteManifest = path.resolve(cwd, manifestPath);
  return compact<ManifestModel>({
    manifestPath: path.relative(cwd, absoluteManifest).split(path.sep).join("/"),
    baseDir: path.dirname(absoluteManifest),
    server: input.server,
    codegen: { generatedDir: cleanFolder(input.codegen.generatedDir), handlersDir: cleanFolder(input.codegen.handlersDir), client: input.codegen.client },
    tools: (input.tools ?? []).map(tool),
    resources,
    resourceTemplates,
    prompts,
    auth: input.auth,
    tenancy: input.tenants === undefined ? undefined : toTenancyPolicy(input.tenants),
    rateLimits: input.rateLimits,
    ...splitDependencies(input.dependencies),
    middleware: middlewareModels(input.middleware),
    distribution: input.distribution,
  });
}

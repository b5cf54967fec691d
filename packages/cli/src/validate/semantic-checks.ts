/**
 * Checks the manifest schema cannot express: unique names, names that would
 * collide as files or identifiers, URI templates, URIs, `x-mcp-header`
 * annotations, references between sections, middleware (middleware-checks.ts) and
 * imported tools' upstream operations (upstream-checks.ts).
 */
import { UriTemplateError, parseUriTemplate } from "@turbomcp/runtime";
import type { Diagnostic } from "../diagnostics.js";
import type { SourceMap } from "../load/source-map.js";
import type { ManifestInput } from "../model/manifest-input.js";
import type { EntryNames, EntryOrigin, ManifestModel } from "../model/types.js";
import { joinPointer } from "../util/json-pointer.js";
import { checkFormats, isAbsoluteUri } from "./format-checks.js";
import { checkHeaderParams } from "./header-params.js";
import { checkMiddleware } from "./middleware-checks.js";
import { checkUpstreams } from "./upstream-checks.js";

type Report = (pointer: string, message: string) => void;

function checkUnique<T extends EntryOrigin>(entries: readonly T[], key: (entry: T) => string, field: string, what: string, report: Report): void {
  const first = new Map<string, T>();
  for (const entry of entries) {
    const value = key(entry);
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, entry);
    else report(`${entry.pointer}/${field}`, `${what} "${value}" is already used at ${earlier.pointer}`);
  }
}

/**
 * Different names that would produce the same handler file, identifier or type
 * (e.g. `get_user` and `getUser`). The file alone is not enough: `delete` becomes
 * the identifier `toolDelete`, as does a tool named `toolDelete`, in another file;
 * `3d` and `tool3d` share `tool3d` and `Tool3D`. Either would not compile.
 */
function checkDerivedNames(entries: readonly (EntryNames & EntryOrigin)[], what: string, report: Report): void {
  const derived = [
    ["handler file", (entry: EntryNames) => `${entry.handlerModule}.ts`],
    ["handler name", (entry: EntryNames) => entry.identifier],
    ["type name", (entry: EntryNames) => entry.typeBase],
  ] as const;
  const firsts = derived.map(() => new Map<string, EntryNames & EntryOrigin>());
  for (const entry of entries) {
    let reported = false;
    derived.forEach(([label, derive], index) => {
      const value = derive(entry);
      const earlier = firsts[index]?.get(value);
      if (earlier === undefined) firsts[index]?.set(value, entry);
      else if (earlier.name !== entry.name && !reported) {
        report(`${entry.pointer}/name`, `${what} "${entry.name}" and "${earlier.name}" (${earlier.pointer}) would share the ${label} ${value}; rename one`);
        reported = true;
      }
    });
  }
}

function checkTemplates(model: ManifestModel, input: ManifestInput, report: Report): void {
  model.resourceTemplates.forEach((template, index) => {
    try {
      parseUriTemplate(template.uriTemplate);
    } catch (error) {
      if (!(error instanceof UriTemplateError)) throw error;
      report(`${template.pointer}/uriTemplate`, `invalid URI template: ${error.message} (at character ${error.offset + 1})`);
      return;
    }
    const inTemplate = new Set(template.variables.map((variable) => variable.name));
    for (const declared of Object.keys(input.resourceTemplates?.[index]?.variables ?? {})) {
      if (!inTemplate.has(declared))
        report(joinPointer(`${template.pointer}/variables`, declared), `variable "${declared}" does not appear in "${template.uriTemplate}"`);
    }
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(template.uriTemplate)) {
      report(`${template.pointer}/uriTemplate`, "must start with a URI scheme, e.g. users://{id}");
    }
  });
}

/** Tenant policies name tools, resources (and templates) and prompts that must exist. */
function checkTenantPolicies(model: ManifestModel, input: ManifestInput, report: Report): void {
  const tenancy = model.tenancy;
  if (tenancy === undefined) return;
  const known = {
    tool: new Set(model.tools.map((tool) => tool.name)),
    resource: new Set([...model.resources, ...model.resourceTemplates].map((entry) => entry.name)),
    prompt: new Set(model.prompts.map((prompt) => prompt.name)),
  };
  const fields = [
    ["allowedTools", "tool"],
    ["deniedTools", "tool"],
    ["allowedResources", "resource"],
    ["deniedResources", "resource"],
    ["allowedPrompts", "prompt"],
    ["deniedPrompts", "prompt"],
  ] as const;
  const policies = [
    ["defaults", tenancy.defaults] as const,
    ...Object.entries(tenancy.tenants).map(([id, policy]) => [joinPointer("policies", id), policy] as const),
  ];
  for (const [where, policy] of policies) {
    for (const [field, kind] of fields) {
      policy[field]?.forEach((name, index) => {
        const what = kind === "resource" ? "resource or resource template" : kind;
        if (!known[kind].has(name)) report(`/tenants/${where}/${field}/${index}`, `no ${what} is named "${name}"`);
      });
    }
  }
  // A source that reads credentials needs the scheme that makes them.
  const schemes = new Set(model.auth?.schemes.map((scheme) => scheme.type) ?? []);
  const listed = input.tenants?.sources !== undefined;
  tenancy.sources.forEach((source, index) => {
    const pointer = listed ? `/tenants/sources/${index}` : "/tenants/source";
    if (source.type === "claim" && !schemes.has("jwt") && !schemes.has("oauth2")) {
      report(pointer, 'a "claim" tenant source needs a jwt or oauth2 scheme in "auth"');
    }
    if (source.type === "apiKey" && !schemes.has("apiKey")) report(pointer, 'an "apiKey" tenant source needs an apiKey scheme in "auth"');
  });
}

/** The built-in authorization server issues what the oauth2 scheme accepts, and its rules need what they name. */
function checkAuthorizationServer(model: ManifestModel, report: Report): void {
  const server = model.auth?.authorizationServer;
  if (server === undefined) return;
  const where = "/auth/authorizationServer";
  const index = model.auth?.schemes.findIndex((scheme) => scheme.type === "oauth2") ?? -1;
  const scheme = model.auth?.schemes[index];
  if (scheme?.type !== "oauth2") {
    report(where, 'the authorization server issues tokens for an "oauth2" scheme: add one to "auth.schemes" with this server\'s "resource"');
    return;
  }
  let issuer = server.issuer;
  try {
    issuer ??= new URL(scheme.resource ?? "").origin;
  } catch {
    return; // the scheme's resource is reported by checkFormats
  }
  if (!scheme.authorizationServers.includes(issuer)) {
    report(`/auth/schemes/${index}/authorizationServers`, `must list this server's own issuer ${JSON.stringify(issuer)} (auth.authorizationServer)`);
  }
  if (server.login.provider !== "test" && server.grants === undefined) {
    report(`${where}/grants`, `a ${server.login.provider} login needs "grants": rules saying which upstream users may sign in and with which scopes`);
  }
  if (server.grants?.some((rule) => rule.tenant !== undefined) && !model.tenancy?.sources.some((source) => source.type === "claim")) {
    report(`${where}/grants`, 'a grant rule names a tenant, which reaches requests only through a "claim" tenant source in "tenants"');
  }
}

function checkReferences(model: ManifestModel, input: ManifestInput, report: Report): void {
  checkTenantPolicies(model, input, report);
  const scoped = [...model.tools, ...model.resources, ...model.resourceTemplates, ...model.prompts].find((entry) => entry.policy.scopes.length > 0);
  if (scoped !== undefined && model.auth === undefined) {
    report(`${scoped.pointer}/scopes`, 'scopes need an "auth" section that says how callers authenticate');
  }
  checkAuthorizationServer(model, report);
  model.auth?.schemes.forEach((scheme, index) => {
    if (scheme.type === "jwt" && scheme.jwksUri === undefined && scheme.keyEnv === undefined) {
      report(`/auth/schemes/${index}`, 'a jwt scheme needs "jwksUri" or "keyEnv" to verify tokens');
    }
    // The runtime refuses both at start-up (auth/jwt.ts); generate should say so first.
    if (scheme.type === "jwt" && scheme.jwksUri !== undefined && scheme.keyEnv !== undefined) {
      report(`/auth/schemes/${index}`, 'a jwt scheme takes "jwksUri" or "keyEnv", not both');
    }
    if (scheme.type === "apiKey" && scheme.keysEnv === undefined && scheme.keysFile === undefined) {
      report(`/auth/schemes/${index}`, 'an apiKey scheme needs "keysEnv" or "keysFile"');
    }
  });
}

export function semanticDiagnostics(model: ManifestModel, input: ManifestInput, sources: SourceMap, rootFile: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (pointer, message) => diagnostics.push(sources.diagnostic(pointer, message, rootFile));

  checkUnique(model.tools, (tool) => tool.name, "name", "tool name", report);
  checkUnique(model.prompts, (prompt) => prompt.name, "name", "prompt name", report);
  checkUnique(model.resources, (resource) => resource.uri, "uri", "resource URI", report);
  checkUnique(model.resources, (resource) => resource.name, "name", "resource name", report);
  checkUnique(model.resourceTemplates, (template) => template.uriTemplate, "uriTemplate", "URI template", report);
  checkUnique(model.resourceTemplates, (template) => template.name, "name", "resource template name", report);
  checkDerivedNames(model.tools, "tools", report);
  checkDerivedNames(model.prompts, "prompts", report);
  checkDerivedNames(model.resources, "resources", report);
  checkDerivedNames(model.resourceTemplates, "resource templates", report);
  for (const prompt of model.prompts) {
    const seen = new Set<string>();
    prompt.arguments.forEach((argument, index) => {
      if (seen.has(argument.name)) report(`${prompt.pointer}/arguments/${index}/name`, `argument "${argument.name}" is declared twice`);
      seen.add(argument.name);
    });
  }
  for (const resource of model.resources) {
    if (!isAbsoluteUri(resource.uri)) report(`${resource.pointer}/uri`, `"${resource.uri}" is not an absolute URI such as config://settings`);
  }
  if (model.server.websiteUrl !== undefined && !isAbsoluteUri(model.server.websiteUrl)) report("/server/websiteUrl", "must be an absolute URL");
  checkTemplates(model, input, report);
  checkHeaderParams(model, report);
  checkReferences(model, input, report);
  checkMiddleware(model, report);
  checkUpstreams(model, report);
  checkFormats(model, report);
  return diagnostics;
}

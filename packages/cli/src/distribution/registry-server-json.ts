/**
 * `server.json` for the official MCP registry: the server's identity from the
 * manifest's `server` block, its npm package (from package.json) started over
 * stdio, its deployed Streamable HTTP endpoint, and the environment variables it
 * reads. The document is checked against the registry's published schema
 * (vendored, see official-schemas.ts) before anyone sees it.
 */
import { UserError } from "../diagnostics.js";
import type { ManifestModel } from "../model/types.js";
import { serverEnvironment } from "./environment.js";
import { generatedNote } from "./generated-note.js";
import { headerInputs } from "./launch.js";
import { IDENTITY_MEMBERS, type Origin, type Origins, assertNoProblems, manifestProblem, serverOrigins } from "./locate.js";
import { officialSchemaProblems, REGISTRY_SCHEMA_URL } from "./official-schemas.js";
import type { ProjectPackage } from "./package-info.js";

export interface RegistryOptions {
  /** The Streamable HTTP endpoint; `distribution.remoteUrl` when absent. */
  readonly url?: string;
}

function environmentVariables(model: ManifestModel): { readonly entries: Record<string, unknown>[]; readonly origins: [string, { manifest: string }][] } {
  const variables = serverEnvironment(model);
  return {
    entries: variables.map((variable) => ({
      name: variable.name,
      ...(variable.description === undefined ? {} : { description: variable.description }),
      isRequired: variable.required,
      isSecret: variable.secret,
    })),
    origins: variables.map((variable, index) => [`/packages/0/environmentVariables/${index}`, { manifest: variable.pointer }]),
  };
}

/**
 * The document, with keys in a fixed order so the file is byte-identical run to
 * run. The npm package is listed only when package.json can be published (not
 * `private`); the remote only when a URL is known; one of the two is required.
 */
export function registryServerJson(model: ManifestModel, pkg: ProjectPackage, options: RegistryOptions, cwd: string): Record<string, unknown> {
  const name = model.distribution?.registryName;
  if (name === undefined)
    throw manifestProblem(model, cwd, "/distribution/registryName", 'export registry needs the registry name, e.g. "io.github.you/' + model.server.name + '"');
  const url = options.url ?? model.distribution?.remoteUrl;
  if (pkg.private && url === undefined) {
    throw manifestProblem(
      model,
      cwd,
      "/distribution/remoteUrl",
      `${pkg.file} is private, so there is no npm package to list: set "private": false to publish it, or add this URL (or give --url) to list the deployed server`,
    );
  }
  if (!pkg.private && !pkg.hasBin) {
    throw new UserError([
      {
        file: pkg.file,
        pointer: "/bin",
        message: "npx starts the npm package through its bin: add one that runs the compiled server.gen.js (see docs/distribution.md)",
      },
    ]);
  }
  const { server } = model;
  const environment = environmentVariables(model);
  const npm = pkg.private
    ? undefined
    : {
        registryType: "npm",
        identifier: pkg.name,
        version: pkg.version,
        runtimeHint: "npx",
        transport: { type: "stdio" },
        packageArguments: [{ type: "named", name: "--transport", value: "stdio" }],
        ...(environment.entries.length === 0 ? {} : { environmentVariables: environment.entries }),
      };
  const document: Record<string, unknown> = {
    $schema: REGISTRY_SCHEMA_URL,
    name,
    ...(server.title === undefined ? {} : { title: server.title }),
    ...(server.description === undefined ? {} : { description: server.description }),
    version: server.version,
    ...(server.websiteUrl === undefined ? {} : { websiteUrl: server.websiteUrl }),
    ...(server.icons === undefined ? {} : { icons: server.icons }),
    ...(npm === undefined ? {} : { packages: [npm] }),
    ...(url === undefined ? {} : { remotes: [{ type: "streamable-http", url, ...(model.auth === undefined ? {} : { headers: headerInputs(model.auth) }) }] }),
    // JSON has no comments: the registry's publisher-provided metadata carries the note.
    _meta: { "io.modelcontextprotocol.registry/publisher-provided": { tool: "turbomcp", generated: generatedNote("turbomcp export registry", model) } },
  };
  const origins: Origins = new Map<string, Origin>([
    ...serverOrigins(IDENTITY_MEMBERS),
    ["/name", { manifest: "/distribution/registryName" }],
    ["/packages/0/identifier", { file: pkg.file, pointer: "/name" }],
    ["/packages/0/version", { file: pkg.file, pointer: "/version" }],
    ["/remotes/0/url", options.url === undefined ? { manifest: "/distribution/remoteUrl" } : { file: "--url", pointer: "" }],
    ...environment.origins,
  ]);
  assertNoProblems(model, cwd, "server.json", officialSchemaProblems("registry", document), origins);
  return document;
}

/**
 * The MCP Bundle's manifest.json (format of `@anthropic-ai/mcpb`, whose own
 * schema validates it here, with problems reported at the manifest or
 * package.json field they come from). The server runs with node from inside the
 * unpacked bundle; each environment variable it reads is a `user_config` field
 * the desktop client asks for and passes in.
 */
import { UserError } from "../diagnostics.js";
import type { ManifestModel } from "../model/types.js";
import { serverEnvironment } from "./environment.js";
import { builtEntry } from "./launch.js";
import { type Origin, assertNoProblems, manifestProblem, serverOrigins } from "./locate.js";
import type { ProjectPackage } from "./package-info.js";

/** The mcpb manifest version written, the newest `@anthropic-ai/mcpb` 2.1.2 knows. */
export const MCPB_MANIFEST_VERSION = "0.4";

/** `API_KEY` → `api_key`: user_config keys are referenced as `${user_config.<key>}`. */
function configKey(name: string): string {
  return name.toLowerCase();
}

/** Problems `@anthropic-ai/mcpb`'s own (zod) schema for this manifest version finds, as JSON pointers into the document. */
async function schemaProblems(document: unknown): Promise<readonly { readonly instancePath: string; readonly message: string }[]> {
  const { v0_4 } = await import("@anthropic-ai/mcpb/schemas");
  const parsed = v0_4.McpbManifestSchema.safeParse(document);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ instancePath: issue.path.map((segment) => `/${String(segment)}`).join(""), message: issue.message }));
}

export async function mcpbManifest(model: ManifestModel, pkg: ProjectPackage, cwd: string): Promise<Record<string, unknown>> {
  const { server } = model;
  if (server.description === undefined) throw manifestProblem(model, cwd, "/server/description", "an MCP Bundle needs the server's description");
  if (pkg.author === undefined) {
    throw new UserError([{ file: pkg.file, pointer: "/author", message: 'an MCP Bundle names its author: set "author" in package.json' }]);
  }
  const entry = builtEntry(model);
  const variables = serverEnvironment(model);
  const document: Record<string, unknown> = {
    manifest_version: MCPB_MANIFEST_VERSION,
    name: server.name,
    ...(server.title === undefined ? {} : { display_name: server.title }),
    version: server.version,
    description: server.description,
    author: pkg.author,
    ...(server.websiteUrl === undefined ? {} : { homepage: server.websiteUrl }),
    server: {
      type: "node",
      entry_point: entry,
      mcp_config: {
        command: "node",
        args: [`\${__dirname}/${entry}`, "--transport", "stdio"],
        ...(variables.length === 0
          ? {}
          : { env: Object.fromEntries(variables.map((variable) => [variable.name, `\${user_config.${configKey(variable.name)}}`])) }),
      },
    },
    ...(model.tools.length === 0
      ? {}
      : { tools: model.tools.map((tool) => ({ name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }) })) }),
    ...(pkg.license === undefined ? {} : { license: pkg.license }),
    ...(variables.length === 0
      ? {}
      : {
          user_config: Object.fromEntries(
            variables.map((variable) => [
              configKey(variable.name),
              {
                type: "string",
                title: variable.name,
                description: variable.description ?? variable.name,
                required: variable.required,
                sensitive: variable.secret,
              },
            ]),
          ),
        }),
  };
  const origins = new Map<string, Origin>([
    ...serverOrigins({ "/name": "name", "/display_name": "title", "/version": "version", "/description": "description", "/homepage": "websiteUrl" }),
    ["/author", { file: pkg.file, pointer: "/author" }],
    ["/license", { file: pkg.file, pointer: "/license" }],
    ...model.tools.map((tool, index): [string, Origin] => [`/tools/${index}`, { manifest: tool.pointer }]),
  ]);
  assertNoProblems(model, cwd, "bundle manifest.json", await schemaProblems(document), origins);
  return document;
}

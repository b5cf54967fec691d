/**
 * `turbomcp import openapi`: a description's operations become the tools of a
 * manifest (a new one, or merged into an existing one, see merge.ts). The result is
 * an ordinary manifest: `generate` writes the code and handlers that call the API.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../diagnostics.js";
import { SchemaConverter } from "./json-schema.js";
import { type JsonRecord, asArray, asRecord, asString } from "./json-value.js";
import { loadDescription } from "./load-description.js";
import { type MergeResult, foreignToolNames, mergeManifest } from "./merge.js";
import { type ImportedTool, operationTool } from "./operation-tool.js";
import { type OperationFilters, filterOperations, listOperations, unknownMethods } from "./operations.js";
import { baseName, uniqueNames } from "./tool-names.js";
import { apiName, describeApi } from "./upstream-api.js";

/**
 * The default bound on imported tools. Every tool's name, description and schemas
 * go into the model's context on each turn, and picking the right tool gets harder
 * as the list grows; clients also cap the tools of one request (VS Code at 128,
 * across all servers). 40 leaves room for the other servers a client runs.
 */
export const DEFAULT_MAX_TOOLS = 40;

export interface ImportOptions extends OperationFilters {
  /** The manifest to write or update, relative to `cwd`. */
  readonly out: string;
  readonly maxTools: number;
  /** The dependency's name; default: the one `http` dependency of an existing manifest, else from the description's title. */
  readonly name?: string;
}

export interface ImportResult extends MergeResult {
  readonly created: boolean;
  readonly dependency: string;
  readonly tools: readonly ImportedTool[];
  /** Input properties renamed because two parameters shared a name, by tool. */
  readonly renames: readonly string[];
  /** Notes for the user: security schemes the helper cannot send, a missing base URL. */
  readonly notes: readonly string[];
}

const DEPENDENCY_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

async function readExisting(file: string, shown: string): Promise<JsonRecord | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (asRecord(error)?.code === "ENOENT") return undefined;
    throw new UserError([{ file: shown, pointer: "", message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserError([
      { file: shown, pointer: "", message: `is not JSON, so the import cannot merge into it: ${error instanceof Error ? error.message : String(error)}` },
    ]);
  }
  const manifest = asRecord(parsed);
  if (manifest === undefined) throw new UserError([{ file: shown, pointer: "", message: "is not a manifest (not a JSON object)" }]);
  return manifest;
}

/** The one dependency of an existing manifest that has `http`, which a re-import updates. */
function existingApi(manifest: JsonRecord | undefined): string | undefined {
  const withHttp = Object.entries(asRecord(manifest?.dependencies) ?? {}).filter(([, value]) => asRecord(value)?.http !== undefined);
  return withHttp.length === 1 ? withHttp[0]?.[0] : undefined;
}

function userError(file: string, message: string): UserError {
  return new UserError([{ file, pointer: "", message }]);
}

export async function importOpenApi(source: string, options: ImportOptions, cwd: string): Promise<ImportResult> {
  const unknown = unknownMethods(options.methods);
  if (unknown.length > 0) throw userError(source, `--method ${unknown.join(", ")}: not an HTTP method (GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE)`);
  const outFile = path.resolve(cwd, options.out);
  const existing = await readExisting(outFile, options.out);
  const description = await loadDescription(source, cwd);
  const { document } = description;
  const info = asRecord(document.info) ?? {};
  const title = asString(info.title);
  const dependency = options.name ?? existingApi(existing) ?? apiName(title);
  if (!DEPENDENCY_NAME.test(dependency))
    throw userError(source, `--name ${JSON.stringify(dependency)}: a dependency name is a letter, then up to 63 letters, digits, _ . or -`);

  const all = listOperations(document);
  const operations = filterOperations(all, options);
  if (operations.length === 0) {
    throw userError(source, all.length === 0 ? "the description has no operations under paths" : `none of its ${all.length} operations matches the filters`);
  }
  if (operations.length > options.maxTools) {
    const tags = [...new Set(all.flatMap((operation) => operation.tags))];
    throw userError(
      source,
      `${operations.length} operations match, more than --max-tools ${options.maxTools}: large tool lists make models pick worse. ` +
        `Import fewer with --tag, --path or --method${tags.length === 0 ? "" : ` (tags: ${tags.slice(0, 20).join(", ")}${tags.length > 20 ? ", …" : ""})`}, or raise --max-tools.`,
    );
  }

  const names = uniqueNames(operations.map(baseName), foreignToolNames(existing, dependency));
  const swagger = description.version === "2.0";
  const context = {
    swagger,
    consumes: asArray(document.consumes).map(String),
    produces: asArray(document.produces).map(String),
    converters: { input: new SchemaConverter("input"), output: new SchemaConverter("output") },
    dependency,
  };
  const renames: string[] = [];
  const tools = operations.map((operation, index) => {
    const built = operationTool(operation, names[index] ?? operation.path, context);
    renames.push(...built.renames.map((rename) => `${built.tool.name}: ${rename}`));
    return built.tool;
  });

  const api = describeApi(description, dependency);
  const notes: string[] = [];
  if (api.http.baseUrl === undefined) notes.push(`the description gives no absolute server URL: set ${api.http.baseUrlEnv} before serving`);
  if (api.unsupportedAuth.length > 0 && api.http.auth === undefined) {
    notes.push(`security schemes ${api.unsupportedAuth.join(", ")} cannot be sent by the helper (bearer and API keys can): edit the handlers to authenticate`);
  }
  const serverName = apiName(title);
  const version = asString(info.version);
  const summary = asString(info.description)
    ?.split(/\n\s*\n/)[0]
    ?.trim();
  const base: JsonRecord = {
    $schema: "./node_modules/turbomcp/schemas/manifest.schema.json",
    server: {
      name: serverName,
      version: version === undefined || version === "" ? "0.1.0" : version,
      ...(title === undefined ? {} : { title }),
      ...(summary === undefined || summary === "" ? {} : { description: summary }),
    },
  };
  const merged = mergeManifest(existing, base, dependency, api.http, tools);
  return { ...merged, created: existing === undefined, dependency, tools, renames, notes };
}

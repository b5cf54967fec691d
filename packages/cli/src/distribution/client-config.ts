/**
 * Client configuration snippets: the JSON a user pastes into Claude Desktop,
 * VS Code or Cursor to reach a server. Pure: `clientSnippets(name, launch)` knows
 * nothing about manifests or disks, so `turbomcp export clients` and
 * `turbomcp dev --inspect` can both call it with however they run the server.
 *
 * Each client's format, as its documentation states it:
 * - Claude Desktop: `claude_desktop_config.json`, `{ "mcpServers": { name: { command, args, env } } }`,
 *   stdio only. "Claude Desktop will not connect to remote servers that are configured directly
 *   via claude_desktop_config.json"; remote servers are added under Settings > Connectors
 *   (support.anthropic.com/en/articles/11503834-building-custom-connectors-via-remote-mcp-servers).
 *   The file has no variable syntax, so environment values are placeholders to replace.
 * - VS Code: `.vscode/mcp.json`, `{ "servers": { name: { type: "stdio", command, args, env } | { type: "http", url, headers } },
 *   "inputs": [{ type: "promptString", id, description, password }] }`, values referring to an
 *   input as `${input:id}` (code.visualstudio.com/docs/copilot/reference/mcp-configuration).
 * - Cursor: `.cursor/mcp.json` (or `~/.cursor/mcp.json`), `{ "mcpServers": { name: { command, args, env } | { url, headers } } }`,
 *   with `${env:NAME}` read from the user's environment in `command`, `args`, `env`, `url` and
 *   `headers` (cursor.com/docs/mcp).
 */

/** An environment variable the server reads. */
export interface LaunchVariable {
  readonly name: string;
  /** Shown where the client asks for the value. */
  readonly description?: string;
  /** A password, token or key: VS Code hides what is typed. */
  readonly secret?: boolean;
}

/** A header the client must send, e.g. `Authorization` with `Bearer <token>`. */
export interface LaunchHeader {
  readonly name: string;
  readonly description?: string;
  /** Written before the value, e.g. `"Bearer "`. */
  readonly prefix?: string;
}

/** The server as a process the client starts (stdio). */
export interface StdioLaunch {
  readonly transport: "stdio";
  readonly command: string;
  readonly args: readonly string[];
  /** Variables the server reads; the snippets ask for each without ever holding a value. */
  readonly env?: readonly LaunchVariable[];
}

/** The server as a Streamable HTTP endpoint the client connects to. */
export interface HttpLaunch {
  readonly transport: "http";
  readonly url: string;
  readonly headers?: readonly LaunchHeader[];
}

export type ServerLaunch = StdioLaunch | HttpLaunch;

export type ClientId = "claude-desktop" | "vscode" | "cursor";

/** A JSON value as the snippets hold it. */
export type SnippetJson = string | boolean | readonly SnippetJson[] | { readonly [key: string]: SnippetJson };

export interface ClientSnippet {
  readonly client: ClientId;
  /** The client's name for people, e.g. "VS Code". */
  readonly title: string;
  /** Where the snippet goes, e.g. ".vscode/mcp.json". */
  readonly file: string;
  /** The snippet to merge into that file; absent when the client cannot be configured by file for this launch. */
  readonly json?: { readonly [key: string]: SnippetJson };
  /** What to do instead, or what to replace, in a sentence. */
  readonly note?: string;
}

/** `API_KEY` → `api-key`: VS Code input ids are free text; this keeps them readable. */
function inputId(name: string): string {
  return name.toLowerCase().replace(/_/g, "-");
}

/** `{ NAME: value(item) }` for named items (variables or headers); undefined for none, so the member is left out. */
function envObject<T extends { readonly name: string }>(items: readonly T[], value: (item: T) => string): { readonly [key: string]: string } | undefined {
  return items.length === 0 ? undefined : Object.fromEntries(items.map((item) => [item.name, value(item)]));
}

/** Drops undefined members, so a snippet has no `"env": undefined` to print. */
function defined(object: { readonly [key: string]: SnippetJson | undefined }): { readonly [key: string]: SnippetJson } {
  return Object.fromEntries(Object.entries(object).filter((entry): entry is [string, SnippetJson] => entry[1] !== undefined));
}

function vscodeInputs(items: readonly { readonly id: string; readonly description: string; readonly password: boolean }[]): SnippetJson[] | undefined {
  return items.length === 0 ? undefined : items.map((item) => ({ type: "promptString", id: item.id, description: item.description, password: item.password }));
}

function claudeDesktop(name: string, launch: ServerLaunch): ClientSnippet {
  const base = { client: "claude-desktop", title: "Claude Desktop", file: "claude_desktop_config.json" } as const;
  if (launch.transport === "http") {
    return { ...base, note: `Claude Desktop reaches remote servers only through Settings > Connectors > Add custom connector: enter ${launch.url}` };
  }
  const env = launch.env ?? [];
  const server = defined({ command: launch.command, args: [...launch.args], env: envObject(env, (variable) => `<${variable.name}>`) });
  return {
    ...base,
    json: { mcpServers: { [name]: server } },
    ...(env.length === 0 ? {} : { note: `replace each <NAME> with its value (${env.map((variable) => variable.name).join(", ")})` }),
  };
}

function vscode(name: string, launch: ServerLaunch): ClientSnippet {
  const base = { client: "vscode", title: "VS Code", file: ".vscode/mcp.json" } as const;
  if (launch.transport === "http") {
    const headers = launch.headers ?? [];
    const inputs = headers.map((header) => ({ id: inputId(header.name), description: header.description ?? header.name, password: true }));
    const server = defined({
      type: "http",
      url: launch.url,
      headers: envObject(headers, (header) => `${header.prefix ?? ""}\${input:${inputId(header.name)}}`),
    });
    return { ...base, json: defined({ servers: { [name]: server }, inputs: vscodeInputs(inputs) }) };
  }
  const env = launch.env ?? [];
  const inputs = env.map((variable) => ({
    id: inputId(variable.name),
    description: variable.description ?? variable.name,
    password: variable.secret === true,
  }));
  const server = defined({
    type: "stdio",
    command: launch.command,
    args: [...launch.args],
    env: envObject(env, (variable) => `\${input:${inputId(variable.name)}}`),
  });
  return { ...base, json: defined({ servers: { [name]: server }, inputs: vscodeInputs(inputs) }) };
}

function cursor(name: string, launch: ServerLaunch): ClientSnippet {
  const base = { client: "cursor", title: "Cursor", file: ".cursor/mcp.json" } as const;
  if (launch.transport === "http") {
    const headers = launch.headers ?? [];
    const server = defined({ url: launch.url, headers: envObject(headers, (header) => `${header.prefix ?? ""}\${env:${envNameOf(header.name)}}`) });
    const note = headers.length === 0 ? undefined : `set ${headers.map((header) => envNameOf(header.name)).join(", ")} in the environment Cursor starts from`;
    return { ...base, json: { mcpServers: { [name]: server } }, ...(note === undefined ? {} : { note }) };
  }
  const env = launch.env ?? [];
  const server = defined({ command: launch.command, args: [...launch.args], env: envObject(env, (variable) => `\${env:${variable.name}}`) });
  const note = env.length === 0 ? undefined : `set ${env.map((variable) => variable.name).join(", ")} in the environment Cursor starts from`;
  return { ...base, json: { mcpServers: { [name]: server } }, ...(note === undefined ? {} : { note }) };
}

/** `Authorization` → `AUTHORIZATION`, `x-api-key` → `X_API_KEY`: the variable Cursor reads a header's value from. */
function envNameOf(header: string): string {
  return header.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/**
 * The snippets for every supported client, in a fixed order (Claude Desktop,
 * VS Code, Cursor). `serverName` is the key the server is listed under.
 * Secrets never appear: values are prompts (VS Code), environment references
 * (Cursor) or placeholders (Claude Desktop).
 */
export function clientSnippets(serverName: string, launch: ServerLaunch): readonly ClientSnippet[] {
  return [claudeDesktop(serverName, launch), vscode(serverName, launch), cursor(serverName, launch)];
}

/** The snippets as text for a terminal: per client, its file, the JSON to merge, and its note. */
export function formatClientSnippets(snippets: readonly ClientSnippet[]): string {
  return snippets
    .map((snippet) => {
      const head = `# ${snippet.title} (${snippet.file})\n`;
      const body = snippet.json === undefined ? "" : `${JSON.stringify(snippet.json, null, 2)}\n`;
      const note = snippet.note === undefined ? "" : `# ${snippet.note}\n`;
      return `${head}${body}${note}`;
    })
    .join("\n");
}

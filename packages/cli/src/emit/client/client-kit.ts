/**
 * The part of `client.gen.ts` that is the same for every manifest: the SDK
 * imports, the error a failed tool result becomes, the connection functions and
 * the URI template expansion. Kept as text (statements handed to ts-morph as they
 * are) because none of it depends on the model.
 */

/** The SDK modules the generated client imports (a devDependency of the project). */
export const SDK_IMPORTS = [
  { moduleSpecifier: "@modelcontextprotocol/sdk/client/index.js", namedImports: ["Client"] },
  { moduleSpecifier: "@modelcontextprotocol/sdk/client/stdio.js", namedImports: ["StdioClientTransport", "type StdioServerParameters"] },
  {
    moduleSpecifier: "@modelcontextprotocol/sdk/client/streamableHttp.js",
    namedImports: ["StreamableHTTPClientTransport", "type StreamableHTTPClientTransportOptions"],
  },
  { moduleSpecifier: "@modelcontextprotocol/sdk/inMemory.js", namedImports: ["InMemoryTransport"] },
  { moduleSpecifier: "@modelcontextprotocol/sdk/shared/protocol.js", namedImports: ["type RequestOptions"] },
  { moduleSpecifier: "@modelcontextprotocol/sdk/shared/transport.js", namedImports: ["type Transport"] },
  {
    moduleSpecifier: "@modelcontextprotocol/sdk/types.js",
    namedImports: ["type CallToolResult", "type GetPromptResult", "type ReadResourceResult"],
  },
  { moduleSpecifier: "@turbomcp/runtime", namedImports: ["createServer", "serveMessageTransport", "type ServerOptions"] },
] as const;

/** Before the typed part: the error type and the helpers the typed methods call. */
export const KIT_HEAD = `/**
 * A tool result with \`isError: true\` (the handler threw, or the arguments were
 * invalid), thrown by the typed tool methods; \`result\` is the result as it came.
 * JSON-RPC errors (unknown tool, resource not found, …) are thrown as the SDK's
 * \`McpError\`, whose \`code\` is the JSON-RPC error code.
 */
export class ToolResultError extends Error {
  override readonly name = "ToolResultError";

  constructor(
    readonly tool: string,
    readonly result: CallToolResult,
  ) {
    const text = result.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\\n");
    super(\`tool "\${tool}" returned an error\${text === "" ? "" : \`: \${text}\`}\`);
  }
}

/** Who the client says it is (its \`initialize\` clientInfo). */
export interface ClientOptions {
  readonly name?: string;
  readonly version?: string;
}

async function callTool(sdk: Client, name: string, input: object | undefined, options: RequestOptions | undefined): Promise<CallToolResult> {
  const result = (await sdk.callTool({ name, arguments: input as Record<string, unknown> | undefined }, undefined, options)) as CallToolResult;
  if (result.isError === true) throw new ToolResultError(name, result);
  return result;
}

/** A tool with an output schema: its structured content, which the server validated against that schema. */
async function callStructured<T>(sdk: Client, name: string, input: object | undefined, options: RequestOptions | undefined): Promise<T> {
  const result = await callTool(sdk, name, input, options);
  if (result.structuredContent === undefined) throw new ToolResultError(name, result);
  return result.structuredContent as T;
}

async function getPrompt(sdk: Client, name: string, args: object | undefined, options: RequestOptions | undefined): Promise<GetPromptResult> {
  return sdk.getPrompt({ name, arguments: args as Record<string, string> | undefined }, options);
}

async function readResource(sdk: Client, uri: string, options: RequestOptions | undefined): Promise<ReadResourceResult> {
  return sdk.readResource({ uri }, options);
}

/** A URI template as the generator parsed it: literal text, or an expression with its operator and variables. */
export type TemplatePart = string | { readonly operator: string; readonly variables: readonly { readonly name: string; readonly explode: boolean; readonly prefix?: number }[] };

/**
 * RFC 6570 expansion (levels 1-3, prefixes and exploded lists), for the parts the
 * generator parsed from a template: what the resource template methods read.
 */
export function expandUri(parts: readonly TemplatePart[], variables: object): string {
  const values = variables as Record<string, unknown>;
  return parts
    .map((part) => {
      if (typeof part === "string") return part;
      const named = part.operator === ";" || part.operator === "?" || part.operator === "&";
      const separator = { "": ",", "+": ",", "#": ",", ".": ".", "/": "/", ";": ";", "?": "&", "&": "&" }[part.operator] ?? ",";
      const encode = (value: unknown): string => {
        const text = String(value);
        return part.operator === "+" || part.operator === "#"
          ? encodeURI(text)
          : encodeURIComponent(text).replace(/[!'()*]/g, (c) => \`%\${c.charCodeAt(0).toString(16).toUpperCase()}\`);
      };
      const expanded = part.variables.flatMap((variable) => {
        const value = values[variable.name];
        if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return [];
        const name = named ? variable.name : "";
        const pair = (text: string): string => (named ? (text === "" && part.operator === ";" ? name : \`\${name}=\${text}\`) : text);
        if (Array.isArray(value)) {
          const items = value.map(encode);
          return variable.explode ? items.map(pair) : [pair(items.join(","))];
        }
        const text = variable.prefix === undefined ? String(value) : String(value).slice(0, variable.prefix);
        return [pair(encode(text))];
      });
      if (expanded.length === 0) return "";
      const first = part.operator === "" || part.operator === "+" ? "" : part.operator;
      return first + expanded.join(separator);
    })
    .join("");
}`;

/** After the typed part (which declares \`TypedClient\` and \`typedClient(sdk)\`): the three ways to connect. */
export const KIT_TAIL = `/** Connects over any SDK transport (the connections below are built on it). */
export async function connectTransport(transport: Transport, options: ClientOptions = {}): Promise<TypedClient> {
  const sdk = new Client({ name: options.name ?? "turbomcp-client", version: options.version ?? "1.0.0" });
  await sdk.connect(transport);
  return typedClient(sdk, () => sdk.close());
}

/**
 * Connects to a server over Streamable HTTP, e.g. \`await connectUrl("http://127.0.0.1:3000/mcp")\`.
 * \`transport.requestInit\` carries headers such as \`Authorization\`.
 */
export async function connectUrl(
  url: string | URL,
  options: ClientOptions & { readonly transport?: StreamableHTTPClientTransportOptions } = {},
): Promise<TypedClient> {
  return connectTransport(new StreamableHTTPClientTransport(new URL(url), options.transport), options);
}

/**
 * Starts the server as a child process and talks to it over stdio, e.g.
 * \`await connectStdio({ command: "node", args: ["dist/generated/server.gen.js", "--transport", "stdio"] })\`.
 */
export async function connectStdio(server: StdioServerParameters, options: ClientOptions = {}): Promise<TypedClient> {
  return connectTransport(new StdioClientTransport(server), options);
}

/**
 * Serves this project's routing table in this process and connects to it through an
 * in-memory transport pair: no network, no child process, for unit tests. The
 * handlers are imported on the first call. \`close()\` closes the server too.
 */
export async function connectInProcess(options: ClientOptions & { readonly server?: ServerOptions } = {}): Promise<TypedClient> {
  const { routes } = await import("./routes.gen.js");
  const server = createServer(routes, options.server);
  const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
  await serveMessageTransport(server, serverEnd);
  const client = await connectTransport(clientEnd, options);
  return {
    ...client,
    async close() {
      await client.close();
      server.close();
    },
  };
}`;

/**
 * Shared pieces of the tenancy tests: a table with two of every kind of entry (one a
 * tenant may be denied), and in-process clients that talk to one server as different
 * callers, so their requests meet in the same list cache and subscription registry.
 */
import {
  createServer,
  defineRoutes,
  parseMessage,
  promptRoute,
  resourceRoute,
  resourceTemplateRoute,
  toolRoute,
  type AuthPolicy,
  type Caller,
  type JsonRpcMessage,
  type McpServer,
  type ServerLogger,
  type ServerOptions,
  type TenancyPolicy,
  type TenantPolicy,
} from "@turbomcp/runtime";
import { compile } from "../../fixtures/runtime/validators.js";

const noInput = { type: "object", properties: {}, additionalProperties: false } as const;
const idVariables = { type: "object", properties: { id: { type: "string" } }, required: ["id"], additionalProperties: false } as const;
const open = { scopes: [] };

/** Tools `search`, `drop_table`, `audit` (scope `admin`); resources `public_doc`, `secret_doc`; templates `note`, `vault`; prompts `greet`, `internal`. */
export function tenantTable(tenancy?: TenancyPolicy, auth?: AuthPolicy) {
  const tool = (name: string, scopes: string[] = []) =>
    toolRoute<object, string>({
      definition: { name, inputSchema: noInput },
      validateInput: compile(noInput),
      handler: (_input, ctx) => `${name} for ${ctx.tenant?.id ?? "no tenant"}`,
      policy: { scopes },
    });
  const template = (name: string, scheme: string) =>
    resourceTemplateRoute<{ id: string }>({
      definition: { uriTemplate: `${scheme}://{id}`, name },
      variables: ["id"],
      validateVariables: compile(idVariables),
      handler: ({ id }) => `${name} ${id}`,
      completion: { values: { id: ["1", "2"] } },
      policy: open,
    });
  const prompt = (name: string) =>
    promptRoute<object>({
      definition: { name, arguments: [{ name: "topic" }] },
      validateArguments: compile(noInput),
      handler: () => name,
      completion: { values: { topic: ["x"] } },
      policy: open,
    });
  return defineRoutes({
    server: { name: "tenancy-fixture", version: "1.0.0" },
    tools: [tool("search"), tool("drop_table"), tool("audit", ["admin"])],
    resources: [
      resourceRoute({ definition: { uri: "docs://public", name: "public_doc" }, handler: () => "public", policy: open }),
      resourceRoute({ definition: { uri: "docs://secret", name: "secret_doc" }, handler: () => "secret", policy: open }),
    ],
    resourceTemplates: [template("note", "notes"), template("vault", "vault")],
    prompts: [prompt("greet"), prompt("internal")],
    ...(tenancy !== undefined && { tenancy }),
    ...(auth !== undefined && { auth }),
  });
}

/** Hides one of each: `drop_table`, everything but `public_doc` and `note`, `internal`. */
export const RESTRICTED: TenantPolicy = Object.freeze({ deniedTools: ["drop_table"], allowedResources: ["public_doc", "note"], deniedPrompts: ["internal"] });

export function tenantCaller(id: string, policy: TenantPolicy = {}): Caller {
  return { tenant: { id, policy } };
}

export const quiet: ServerLogger = { error: () => {}, warn: () => {} };

export interface Reply {
  readonly id: string | number;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string; data?: unknown };
}

const STATELESS_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
  "io.modelcontextprotocol/clientInfo": { name: "test", version: "0" },
};

/** One in-process connection to `server` as `caller`. */
export function peerOf(server: McpServer, caller: Caller) {
  const sent: JsonRpcMessage[] = [];
  const peer = { send: (message: JsonRpcMessage) => void sent.push(message) };
  let nextId = 1;
  const request = async (method: string, params: Record<string, unknown> = {}): Promise<Reply> => {
    const id = nextId++;
    await server.handle(parseMessage(JSON.stringify({ jsonrpc: "2.0", id, method, params })), peer, caller);
    const reply = sent.find((message) => "id" in message && message.id === id && !("method" in message));
    if (reply === undefined) throw new Error(`no reply to ${method}`);
    return reply as Reply;
  };
  return {
    sent,
    peer,
    request,
    initialize: () => request("initialize", { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "test", version: "0" } }),
    /** A 2026-07-28 request: no initialize, the version in `_meta`. */
    stateless: (method: string, params: Record<string, unknown> = {}) => request(method, { ...params, _meta: STATELESS_META }),
    /** Sends without waiting for the reply (a `subscriptions/listen` stream). */
    start: (method: string, params: Record<string, unknown> = {}) => {
      const id = nextId++;
      void server.handle(parseMessage(JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta: STATELESS_META } })), peer, caller);
      return id;
    },
    notifications: (method: string) => sent.filter((message) => "method" in message && message.method === method && !("id" in message)),
  };
}

export function serverFor(routes: ReturnType<typeof tenantTable>, options: ServerOptions = {}): McpServer {
  return createServer(routes, { logger: quiet, ...options });
}

/** The names in a list result, e.g. `names(reply, "tools")`. */
export function names(reply: Reply, field: string): string[] {
  return ((reply.result?.[field] ?? []) as { name: string }[]).map((item) => item.name);
}

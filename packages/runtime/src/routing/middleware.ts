/**
 * The middleware chain's public types: one generic form, `(call, next) => result`,
 * around the dispatcher's handling of the entry and list methods (docs/middleware.md).
 * They live beside the route table because a route carries its own middleware (the
 * manifest's per-entry `"middleware"`); the chain that runs them is in protocol/middleware.
 */
import type { Redis } from "ioredis";
import type { Caller, RequestContext } from "../handlers/context.js";
import type { PromptDefinition, ResourceDefinition, ResourceTemplateDefinition, ToolDefinition } from "../handlers/mcp-types.js";

/** The methods a middleware wraps: the entry families and the list methods. */
export type McpMethod =
  "tools/call" | "resources/read" | "prompts/get" | "completion/complete" | "tools/list" | "resources/list" | "resources/templates/list" | "prompts/list";

/** Any MCP result object (`CallToolResult`, `ReadResourceResult`, `{ tools }`, …). */
export type McpResult = object;

/** The definition of the entry a request names, as the manifest declares it. */
export type EntryDefinition = ToolDefinition | ResourceDefinition | ResourceTemplateDefinition | PromptDefinition;

/** What identifies an entry within its family: a tool's or prompt's name, a resource's URI, a template's URI template. */
export function entryId(entry: EntryDefinition): string {
  return "uriTemplate" in entry ? entry.uriTemplate : "uri" in entry ? entry.uri : entry.name;
}

/** The entry in a message: `tool "search"`, `resource notes://index`, `resource template notes://{id}`, `prompt "digest"`. */
export function describeEntry(entry: EntryDefinition): string {
  if ("uriTemplate" in entry) return `resource template ${entry.uriTemplate}`;
  if ("uri" in entry) return `resource ${entry.uri}`;
  return "inputSchema" in entry ? `tool "${entry.name}"` : `prompt "${entry.name}"`;
}

/** One request as a middleware sees it, before anything is validated. */
export interface McpCall {
  readonly method: McpMethod;
  /** The tool or prompt name, the resource URI, the completion ref's name or URI; undefined for lists. */
  readonly name: string | undefined;
  /**
   * The entry's definition (the tool, resource, template or prompt read, with its
   * annotations) for tools/call, resources/read and prompts/get; undefined for the
   * lists and completion/complete.
   */
  readonly definition: EntryDefinition | undefined;
  /**
   * `params.arguments` when it is an object (tools/call, prompts/get), else undefined.
   * Not yet validated: pass a call with new arguments to `next` and the handler's
   * validation sees those.
   */
  readonly arguments: Readonly<Record<string, unknown>> | undefined;
  /** The request's params as the client sent them (read-only: change `arguments` instead). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The handler context: principal, tenant, session, signal, protocol version, log, … */
  readonly ctx: RequestContext;
  /** Who sent the request, as the transport established it. */
  readonly caller: Caller;
  /**
   * What observers (the audit log, when it logs arguments) record as this request's
   * arguments instead of the client's, e.g. a redacted copy. The handler still gets
   * the real ones.
   */
  readonly recordArguments: (value: unknown) => void;
}

/** Runs the rest of the chain (then the handler); with a call, that call instead of the current one. */
export type McpNext = (call?: McpCall) => Promise<McpResult>;

/**
 * Wraps one request: may short-circuit (return without `next`), change the arguments
 * (pass a new call to `next`), change the result after `next`, or throw (see docs/middleware.md).
 */
export type Middleware = (call: McpCall, next: McpNext) => Promise<McpResult>;

/** What a middleware that keeps state gets from the server it is set up for. */
export interface MiddlewareSetup {
  /** Where it reports its own problems (a store that cannot answer, …). */
  readonly logger: { error(message: string, error?: unknown): void; warn(message: string): void };
  /**
   * The Redis connection the server's instances share (the production pipeline with
   * `redisUrl`, or `createServer({ redis })`): state kept there holds across
   * instances. Undefined: keep it in this process. The server owns the connection.
   */
  readonly redis: Redis | undefined;
  /** The entry it is attached to (a route's `middleware`); undefined when it wraps the whole server. */
  readonly entry: EntryDefinition | undefined;
}

/**
 * A middleware made per server (and per entry it is attached to), when the server
 * is created: the built-in result cache and concurrency limit choose their store this
 * way, and may refuse an entry they cannot serve (a cache on a tool that changes things).
 */
export interface MiddlewareFactory {
  readonly setup: (server: MiddlewareSetup) => Middleware;
}

/** What a server or a route takes: a middleware, or a factory of one. */
export type MiddlewareUse = Middleware | MiddlewareFactory;

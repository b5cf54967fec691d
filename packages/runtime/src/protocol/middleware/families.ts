/**
 * Per-family middleware on top of the generic form: each runs only for its methods,
 * with the call and result typed for them; for any other request it calls `next()`.
 */
import type { CallToolResult, GetPromptResult } from "../../handlers/mcp-types.js";
import type { McpCall, McpMethod, McpResult, Middleware } from "../../routing/middleware.js";

/** A call whose entry is named (tools/call, prompts/get): name and arguments always present. */
interface NamedCall<M extends McpMethod> extends McpCall {
  readonly method: M;
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

export type ToolCall = NamedCall<"tools/call">;
export type PromptCall = NamedCall<"prompts/get">;

export interface ResourceCall extends McpCall {
  readonly method: "resources/read";
  /** The URI read. */
  readonly name: string;
}

export interface CompletionCall extends McpCall {
  readonly method: "completion/complete";
}

export type ListMethod = "tools/list" | "resources/list" | "resources/templates/list" | "prompts/list";

export interface ListCall extends McpCall {
  readonly method: ListMethod;
}

/** `resources/read`'s result. */
export interface ReadResourceResult {
  readonly contents: readonly Readonly<Record<string, unknown>>[];
  readonly [key: string]: unknown;
}

/** `completion/complete`'s result. */
export interface CompleteResult {
  readonly completion: { readonly values: readonly string[]; readonly total?: number; readonly hasMore?: boolean };
  readonly [key: string]: unknown;
}

/** A list result, e.g. `{ tools: [...] }`. */
export type ListResult = Readonly<Record<string, unknown>>;

export type FamilyMiddleware<C extends McpCall, R extends McpResult> = (call: C, next: (call?: C) => Promise<R>) => Promise<R>;

function family<C extends McpCall, R extends McpResult>(narrow: (call: McpCall) => C | undefined, middleware: FamilyMiddleware<C, R>): Middleware {
  return (call, next) => {
    const typed = narrow(call);
    if (typed === undefined) return next();
    // Most calls already have the family's shape and pass as they are, with `next` itself.
    if (typed === call) return middleware(typed, next as (call?: C) => Promise<R>);
    // The generic chain only honours changed arguments, so an untouched typed call passes on as the original.
    return middleware(typed, (changed) => next(changed === undefined || changed === typed ? call : changed) as Promise<R>);
  };
}

function named<M extends McpMethod>(method: M): (call: McpCall) => NamedCall<M> | undefined {
  // A call without a string name is refused by its handler; a middleware need not see it.
  return (call) => {
    if (call.method !== method || call.name === undefined) return undefined;
    // A call with a name and arguments already is a NamedCall: no copy.
    return call.arguments !== undefined ? (call as NamedCall<M>) : { ...call, method, name: call.name, arguments: {} };
  };
}

/** Runs only for `tools/call`. When the tool runs as a task (SEP-2663), the result is its CreateTaskResult. */
export function toolMiddleware(middleware: FamilyMiddleware<ToolCall, CallToolResult>): Middleware {
  return family(named("tools/call"), middleware);
}

/** Runs only for `prompts/get`. */
export function promptMiddleware(middleware: FamilyMiddleware<PromptCall, GetPromptResult>): Middleware {
  return family(named("prompts/get"), middleware);
}

/** Runs only for `resources/read`. */
export function resourceMiddleware(middleware: FamilyMiddleware<ResourceCall, ReadResourceResult>): Middleware {
  const narrow = (call: McpCall): ResourceCall | undefined =>
    call.method === "resources/read" && call.name !== undefined ? (call as ResourceCall) : undefined;
  return family(narrow, middleware);
}

/** Runs only for `completion/complete`. */
export function completionMiddleware(middleware: FamilyMiddleware<CompletionCall, CompleteResult>): Middleware {
  const narrow = (call: McpCall): CompletionCall | undefined => (call.method === "completion/complete" ? (call as CompletionCall) : undefined);
  return family(narrow, middleware);
}

const LISTS: ReadonlySet<string> = new Set<ListMethod>(["tools/list", "resources/list", "resources/templates/list", "prompts/list"]);

/** Runs only for the list methods. List results are cached frozen: return a new object rather than changing one. */
export function listMiddleware(middleware: FamilyMiddleware<ListCall, ListResult>): Middleware {
  const narrow = (call: McpCall): ListCall | undefined => (LISTS.has(call.method) ? (call as ListCall) : undefined);
  return family(narrow, middleware);
}

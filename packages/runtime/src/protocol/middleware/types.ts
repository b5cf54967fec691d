/**
 * The middleware chain's public types: one generic form, `(call, next) => result`,
 * around the dispatcher's handling of the entry and list methods (issue 19).
 */
import type { RequestContext } from "../../handlers/context.js";
import type { Caller } from "../caller.js";

/** The methods a middleware wraps: the entry families and the list methods. */
export type McpMethod =
  "tools/call" | "resources/read" | "prompts/get" | "completion/complete" | "tools/list" | "resources/list" | "resources/templates/list" | "prompts/list";

/** Any MCP result object (`CallToolResult`, `ReadResourceResult`, `{ tools }`, …). */
export type McpResult = object;

/** One request as a middleware sees it, before anything is validated. */
export interface McpCall {
  readonly method: McpMethod;
  /** The tool or prompt name, the resource URI, the completion ref's name or URI; undefined for lists. */
  readonly name: string | undefined;
  /**
   * `params.arguments` when it is an object (tools/call, prompts/get), else undefined.
   * Not yet validated: pass a call with new arguments to `next` and the handler's
   * validation sees those.
   */
  readonly arguments: Readonly<Record<string, unknown>> | undefined;
  /** The request's params as the client sent them (read-only: change `arguments` instead). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The handler context: principal, tenant, session, signal, log, … */
  readonly ctx: RequestContext;
  /** Who sent the request, as the transport established it. */
  readonly caller: Caller;
}

/** Runs the rest of the chain (then the handler); with a call, that call instead of the current one. */
export type McpNext = (call?: McpCall) => Promise<McpResult>;

/**
 * Wraps one request: may short-circuit (return without `next`), change the arguments
 * (pass a new call to `next`), change the result after `next`, or throw (see docs/middleware.md).
 */
export type Middleware = (call: McpCall, next: McpNext) => Promise<McpResult>;

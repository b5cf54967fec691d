/**
 * What a method handler (`tools/call`, `resources/read`, …) gets from the dispatcher.
 */
import type { RequestContext } from "../handlers/context.js";
import type { ServerLogger } from "./logger.js";
import type { RoutePolicy } from "../config/policies.js";
import type { Awaitable, RouteTable } from "../routing/types.js";
import type { Access } from "./access.js";
import type { Caller } from "./caller.js";
import type { Connection } from "./connection.js";
import type { JsonRpcParams } from "./jsonrpc.js";
import type { ListCache } from "./list-cache.js";
import type { ResourceSubscriptions } from "./subscriptions.js";
import type { TaskManager } from "./tasks/task-manager.js";
import type { Dependencies } from "./dependencies/registry.js";
import type { McpMethod } from "../routing/middleware.js";
import type { MiddlewareRoute, ServerMiddleware } from "./middleware/server-middleware.js";

export interface MethodCall {
  readonly routes: RouteTable;
  readonly connection: Connection;
  readonly params: JsonRpcParams;
  /** Who sent the request (principal, tenant, session), as the transport established it. */
  readonly caller: Caller;
  /** Scope checks and route rate limits: `await call.access.admit(call.caller, route.policy, name)` before a handler runs. */
  readonly access: Access;
  /** The handler context for this request. */
  readonly context: RequestContext;
  readonly logger: ServerLogger;
  /** The server's resource subscriptions (resources/subscribe, subscriptions/listen). */
  readonly subscriptions: ResourceSubscriptions;
  /** The server's list results, serialised once per protocol version. */
  readonly lists: ListCache;
  /** Aborted when the server closes: long-lived requests (subscriptions/listen) end gracefully. */
  readonly shutdown: AbortSignal;
  /** The tasks extension (SEP-2663): tool calls that become tasks, and the `tasks/*` methods. */
  readonly tasks: TaskManager;
  /** The circuit breakers behind `ctx.dependency()`: a task's context binds them to the task's signal. */
  readonly dependencies: Dependencies;
  /** Runs a route handler under the route's timeout (or the server default) and the request's cancellation. */
  run<T>(policy: RoutePolicy, work: () => Awaitable<T>): Promise<T>;
  /**
   * The middleware (docs/middleware.md): the server's and the routes' own, around what
   * follows an entry's access check (see afterAdmission). Undefined when there is none:
   * the method then goes on directly.
   */
  readonly middleware: ServerMiddleware | undefined;
  /** What the observers' record of this request says beside the reply (filled in as the request runs). */
  readonly report: RequestReport;
}

/** Set while a request runs, read when its record is made. */
export interface RequestReport {
  /** The handler ran out of time (the reply is then an error or an isError result). */
  timedOut: boolean;
  /** What a middleware asked observers to record as the arguments (`recordArguments`), e.g. a redacted copy. */
  recordedArguments?: { readonly value: unknown };
}

/**
 * Runs `rest` once the caller is admitted to the entry (its scopes, tenant policy and
 * route rate limit checked): behind the server's middleware and the route's own when
 * there is any, else directly (no closure made). So no middleware answers for an
 * entry its caller may not use. `route` is undefined for completion/complete, which
 * runs the server's middleware only.
 */
export function afterAdmission<T>(
  call: MethodCall,
  method: McpMethod,
  route: MiddlewareRoute | undefined,
  state: T,
  rest: (call: MethodCall, state: T) => Promise<MethodResult>,
): Promise<MethodResult> {
  const middleware = call.middleware;
  return middleware === undefined ? rest(call, state) : middleware.entry(method, call, route, (current) => rest(current, state));
}

/** Any MCP result object (`CallToolResult`, `{ tools }`, …). */
export type MethodResult = object;

export interface MethodDefinition {
  /** Server capability the method belongs to; without it the method answers -32601. */
  readonly capability?: "tools" | "resources" | "prompts" | "completions" | "logging";
  /** Served before `initialize` (lifecycle: only pings may precede it). */
  readonly beforeInitialize?: boolean;
  /** The era the method exists in; absent: both. 2026-07-28 removed some methods and added others. */
  readonly era?: "legacy" | "stateless";
  /** May answer a 2026-07-28 input-required result (mrtr: tools/call, prompts/get, resources/read). */
  readonly asksForInput?: boolean;
  /**
   * Waits for events for as long as the client listens (`subscriptions/listen`): it counts
   * against the tenant's rate limit but gives its concurrency slot back once admitted,
   * or one open stream would lock a tenant with `maxConcurrentRequests: 1` out.
   */
  readonly waitsForEvents?: boolean;
  readonly handle: (call: MethodCall) => Promise<MethodResult>;
}

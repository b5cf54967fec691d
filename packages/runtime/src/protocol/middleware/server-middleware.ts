/**
 * A server's middleware: its own (`createServer({ middleware })`, around every wrapped
 * request) and each route's (`route.middleware`, the manifest's per-entry references,
 * inside the server's). Factories are set up here, once per server and per entry they
 * are attached to, so a route table shared by two servers shares no state between them.
 */
import type { Redis } from "ioredis";
import type { RouteTable } from "../../routing/types.js";
import { describeEntry, type EntryDefinition, type McpMethod, type Middleware, type MiddlewareUse } from "../../routing/middleware.js";
import type { ServerLogger } from "../logger.js";
import type { MethodCall, MethodResult } from "../method.js";
import { createChain, type MiddlewareChain } from "./chain.js";

/** A route as middleware sees it: its definition and the middleware attached to it. */
export interface MiddlewareRoute {
  readonly definition: EntryDefinition;
  readonly middleware?: readonly MiddlewareUse[];
}

const LISTS: ReadonlySet<string> = new Set<McpMethod>(["tools/list", "resources/list", "resources/templates/list", "prompts/list"]);

type Handle = (call: MethodCall) => Promise<MethodResult>;

/** What the server hands the factories it sets up. */
export interface ServerServices {
  readonly logger: ServerLogger;
  readonly redis: Redis | undefined;
}

function describe(entry: EntryDefinition | undefined): string {
  return entry === undefined ? "the server's middleware" : `the middleware of ${describeEntry(entry)}`;
}

/** Each use as a middleware: a factory is set up for this server and entry; anything else is refused at start-up. */
function resolve(uses: readonly MiddlewareUse[], setup: ServerServices, entry: EntryDefinition | undefined): Middleware[] {
  return uses.map((use, index) => {
    if (typeof use === "function") return use;
    if (typeof use === "object" && use !== null && typeof use.setup === "function") {
      const middleware = use.setup({ ...setup, entry });
      if (typeof middleware !== "function") throw new TypeError(`${describe(entry)}: item ${index}'s setup returned ${String(middleware)}, not a middleware`);
      return middleware;
    }
    throw new TypeError(`${describe(entry)}: item ${index} is ${use === null ? "null" : typeof use}, not a middleware or a middleware factory`);
  });
}

function routesOf(routes: RouteTable): MiddlewareRoute[] {
  return [...routes.tools.values(), ...routes.resources.values(), ...routes.resourceTemplates, ...routes.prompts.values()];
}

/** Whether a server of `routes` with these options would run any middleware (so needs what it may keep state in). */
export function hasMiddleware(routes: RouteTable, uses: readonly MiddlewareUse[] | undefined): boolean {
  return (uses !== undefined && uses.length > 0) || routesOf(routes).some((route) => route.middleware !== undefined && route.middleware.length > 0);
}

export class ServerMiddleware {
  readonly #server: MiddlewareChain | undefined;
  readonly #entries: ReadonlyMap<MiddlewareRoute, MiddlewareChain>;

  private constructor(server: MiddlewareChain | undefined, entries: ReadonlyMap<MiddlewareRoute, MiddlewareChain>) {
    this.#server = server;
    this.#entries = entries;
  }

  /** Undefined when neither the server nor any route has middleware: requests then go on directly. */
  static create(routes: RouteTable, uses: readonly MiddlewareUse[], setup: ServerServices): ServerMiddleware | undefined {
    const { logger } = setup;
    const server = createChain(resolve(uses, setup, undefined), logger);
    const entries = new Map<MiddlewareRoute, MiddlewareChain>();
    for (const route of routesOf(routes)) {
      const chain = route.middleware === undefined ? undefined : createChain(resolve(route.middleware, setup, route.definition), logger);
      if (chain !== undefined) entries.set(route, chain);
    }
    return server === undefined && entries.size === 0 ? undefined : new ServerMiddleware(server, entries);
  }

  /** Whether `method` is a list the server's middleware wraps whole (its result is already filtered for the caller). */
  wrapsList(method: string): boolean {
    return this.#server !== undefined && LISTS.has(method);
  }

  list(method: McpMethod, call: MethodCall, handle: Handle): Promise<MethodResult> {
    return this.#server === undefined ? handle(call) : this.#server(method, call, undefined, handle);
  }

  /** What follows an entry's access check, behind the server's middleware and then the route's own. */
  entry(method: McpMethod, call: MethodCall, route: MiddlewareRoute | undefined, handle: Handle): Promise<MethodResult> {
    const own = route === undefined ? undefined : this.#entries.get(route);
    const definition = route?.definition;
    const inner: Handle = own === undefined ? handle : (current) => own(method, current, definition, handle);
    return this.#server === undefined ? inner(call) : this.#server(method, call, definition, inner);
  }
}

/**
 * Everything the dispatcher derives from one routing table: the access checks, the
 * list results, the middleware set up for its routes, the capabilities per protocol
 * version. A request takes the state current when it arrives and keeps it to the end,
 * so replacing the table (`McpServer.replaceRoutes`) never changes a request halfway.
 */
import { canonicalJson } from "./canonical-json.js";
import { Access } from "./access.js";
import type { RouteLimiter } from "./limiter.js";
import { serverCapabilities, type ServerCapabilities } from "./capabilities.js";
import { ListCache } from "./list-cache.js";
import type { MiddlewareUse } from "../routing/middleware.js";
import { ServerMiddleware, type ServerServices } from "./middleware/server-middleware.js";
import type { ResultEnvelope } from "./result-envelope.js";
import type { RouteTable } from "../routing/types.js";

export interface RouteStateOptions {
  readonly envelope: ResultEnvelope;
  readonly limiter: RouteLimiter | undefined;
  readonly middleware: readonly MiddlewareUse[];
  readonly services: ServerServices;
  /** Lists may change while clients are connected: capabilities say `listChanged: true`. */
  readonly listChanged: boolean;
}

export class RouteState {
  readonly access: Access;
  readonly lists: ListCache;
  /** The server's and the routes' middleware; undefined when there is none. */
  readonly middleware: ServerMiddleware | undefined;
  readonly tenantRequired: boolean;
  readonly #capabilities = new Map<string, ServerCapabilities>();

  constructor(
    readonly routes: RouteTable,
    private readonly options: RouteStateOptions,
  ) {
    this.access = new Access(routes, options.limiter);
    this.lists = new ListCache(routes, options.envelope, this.access);
    this.middleware = ServerMiddleware.create(routes, options.middleware, options.services);
    this.tenantRequired = routes.tenancy?.required === true;
  }

  capabilities(version: string): ServerCapabilities {
    let capabilities = this.#capabilities.get(version);
    if (!capabilities) this.#capabilities.set(version, (capabilities = serverCapabilities(this.routes, version, this.options.listChanged)));
    return capabilities;
  }

  /** The state of `next`, set up like this one (its middleware factories run now: a throw leaves this state serving). */
  successor(next: RouteTable): RouteState {
    const changed = SERVER_WIDE.filter((key) => canonicalJson(this.routes[key] ?? null) !== canonicalJson(next[key] ?? null));
    if (changed.length > 0) {
      throw new TypeError(
        `replaceRoutes changes the entries only: ${changed.join(", ")} changed, which needs a restart (the transports and stores were set up for them)`,
      );
    }
    return new RouteState(next, this.options);
  }

  /** Which lists differ from `previous`'s: which list_changed notifications to send. */
  changedLists(previous: RouteState): ListChanges {
    const differs = (a: readonly unknown[], b: readonly unknown[]): boolean => canonicalJson(a) !== canonicalJson(b);
    const { lists } = this.routes;
    const before = previous.routes.lists;
    return {
      tools: differs(lists.tools, before.tools),
      resources: differs(lists.resources, before.resources) || differs(lists.resourceTemplates, before.resourceTemplates),
      prompts: differs(lists.prompts, before.prompts),
    };
  }
}

/** The parts of a table the server was built around: the identity, auth, tenancy, limits, dependencies. */
const SERVER_WIDE = ["server", "auth", "tenancy", "rateLimits", "dependencies"] as const;

/** Which lists a new routing table changed (their definitions, as clients see them). */
export interface ListChanges {
  readonly tools: boolean;
  readonly resources: boolean;
  readonly prompts: boolean;
}

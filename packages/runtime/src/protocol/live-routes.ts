/**
 * A routing table that can change while the server runs (a feature flag adds a tool,
 * a reload in development), for servers you do not create yourself: pass it to
 * `runMain` / `listenHttp` / `createServer` as `liveRoutes`, and every server made
 * with it serves its table, declares `listChanged: true`, and switches when
 * `replace` is called, telling its clients which lists changed.
 */
import type { RouteTable } from "../routing/types.js";
import type { ListChanges } from "./route-state.js";

/** What a server gives a live table: its own swap. */
interface Replaceable {
  replaceRoutes(routes: RouteTable): ListChanges;
}

export interface LiveRoutes {
  /** The table now. */
  readonly routes: RouteTable;
  /**
   * Serves `routes` on every server made with this table, from now on (requests in
   * progress finish on the table they began with). Throws, changing nothing, when the
   * table changes more than the entries or its middleware cannot be set up. Returns
   * which lists changed.
   */
  replace(routes: RouteTable): ListChanges;
  /** @internal A server made with this table joins it (createServer). */
  attach(server: Replaceable): void;
}

/**
 * @example
 * ```ts
 * import { createLiveRoutes, runMain } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const live = createLiveRoutes(routes);
 * // Later, when a flag turns a tool off:
 * // live.replace(defineRoutes({ ...input, tools: input.tools.filter(…) }));
 * await runMain(routes, process.argv.slice(2), { liveRoutes: live });
 * ```
 */
export function createLiveRoutes(routes: RouteTable): LiveRoutes {
  let current = routes;
  // Weakly held: a server that is dropped (a test's) leaves the table with it.
  const servers = new Set<WeakRef<Replaceable>>();
  return {
    get routes() {
      return current;
    },
    replace(next) {
      let changes: ListChanges | undefined;
      for (const reference of servers) {
        const server = reference.deref();
        if (server === undefined) {
          servers.delete(reference);
          continue;
        }
        // The first server checks the table (and sets it up); a refusal there changes nothing anywhere.
        const changed = server.replaceRoutes(next);
        changes ??= changed;
      }
      current = next;
      return changes ?? { tools: false, resources: false, prompts: false };
    },
    attach(server) {
      servers.add(new WeakRef(server));
    },
  };
}

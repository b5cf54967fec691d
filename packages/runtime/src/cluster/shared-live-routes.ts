/**
 * A live routing table that every instance of a server follows: the table is a
 * function of a small JSON state (feature flags), the state lives in a shared store,
 * and an update on any instance is announced on the cluster bus. Each instance builds
 * its own table from the state (handlers are code, they cannot travel) and swaps it
 * in, so each one tells the clients whose streams it holds which lists changed.
 *
 * Announcements are pub/sub, at most once; every instance also reads the state back
 * every `refreshMs`, so one that was cut off catches up. States carry a version from
 * the store and an instance only ever moves forward.
 */
import { DEFAULT_SHARED_STATE_REFRESH_MS } from "../config/defaults.js";
import { createLiveRoutes, type LiveRoutes } from "../protocol/live-routes.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { RouteTable } from "../routing/types.js";
import type { ClusterBus } from "./bus.js";
import type { SharedStateStore, VersionedState } from "./shared-state-store.js";

export interface SharedLiveRoutesOptions<State> {
  /** Names the state in the store and its announcements; instances of one server use the same. */
  readonly name: string;
  /** The state until one is written. */
  readonly initial: State;
  /** The table for a state: the same on every instance (a pure function of the state). */
  readonly select: (state: State) => RouteTable;
  readonly bus: ClusterBus;
  readonly store: SharedStateStore;
  /** How often the state is read back in case an announcement was missed; default 10 s. */
  readonly refreshMs?: number;
  readonly logger?: ServerLogger;
}

export interface SharedLiveRoutes<State> {
  /** Pass to `runMain` / `listenHttp` / `createServer` as `liveRoutes`. */
  readonly live: LiveRoutes;
  /** The state this instance serves now. */
  readonly state: State;
  /**
   * Makes `next` the state of every instance: checked here first (its table is built
   * and swapped in on this instance, or the update is refused, changing nothing), then
   * stored and announced. Resolves once stored and announced.
   */
  update(next: State): Promise<void>;
  /** Stops following the shared state (the table stays as it is). */
  close(): void;
}

function topicOf(name: string): string {
  return `live-routes:${name}`;
}

/**
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { runMain, selectRoutes } from "@turbomcp/runtime";
 * import { createSharedLiveRoutes } from "@turbomcp/runtime/http";
 * import { RedisBus, createRedisSharedStateStore } from "@turbomcp/runtime/redis";
 * import { routes } from "./generated/routes.gen.js";
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const flags = await createSharedLiveRoutes({
 *   name: "features",
 *   initial: { reports: false },
 *   select: (state) => selectRoutes(routes, { tools: (route) => state.reports || route.definition.name !== "reports" }),
 *   bus: new RedisBus({ publisher: redis, subscriber: new Redis(process.env.REDIS_URL!) }),
 *   store: createRedisSharedStateStore({ client: redis }),
 * });
 * // On any instance, e.g. from an admin route: await flags.update({ reports: true });
 * await runMain(routes, process.argv.slice(2), { liveRoutes: flags.live });
 * ```
 */
export async function createSharedLiveRoutes<State>(options: SharedLiveRoutesOptions<State>): Promise<SharedLiveRoutes<State>> {
  const { name, store, bus, select } = options;
  const logger = options.logger ?? stderrLogger;
  let state = options.initial;
  let version = 0;

  /** Moves to a newer stored state; an older or equal one, or one this instance cannot serve, is left (and logged). */
  const follow = (stored: VersionedState | undefined): void => {
    if (stored === undefined || stored.version <= version) return;
    try {
      const next = JSON.parse(stored.json) as State;
      live.replace(select(next));
      state = next;
    } catch (error) {
      logger.error(`shared live table "${name}": version ${stored.version} of the state cannot be served here; keeping version ${version}`, error);
    }
    // Either way this version is settled: it will not be tried again.
    version = stored.version;
  };
  const readBack = (): Promise<void> =>
    store
      .read(name)
      .then(follow, (error: unknown) => logger.warn(`shared live table "${name}": the shared state could not be read (${String(error)}); trying again later`));

  // Subscribed before reading, so no update falls between the read and the subscription.
  const subscription = bus.subscribe(topicOf(name), (message) => {
    let announced: VersionedState;
    try {
      announced = JSON.parse(message) as VersionedState;
    } catch {
      logger.warn(`shared live table "${name}": an announcement that is not JSON was ignored`);
      return;
    }
    follow(announced);
  });
  await subscription.ready;
  const stored = await store.read(name);
  if (stored !== undefined) state = JSON.parse(stored.json) as State;
  const live = createLiveRoutes(select(state));
  version = stored?.version ?? 0;
  const timer = setInterval(() => void readBack(), options.refreshMs ?? DEFAULT_SHARED_STATE_REFRESH_MS);
  timer.unref();

  return {
    live,
    get state() {
      return state;
    },
    async update(next) {
      const json = JSON.stringify(next);
      const previous = live.routes;
      // Refused here (select throws, or the table changes more than the entries): nothing is stored.
      live.replace(select(JSON.parse(json) as State));
      let written: number;
      try {
        written = await store.write(name, json);
      } catch (error) {
        // Not stored, so no other instance will follow: this one goes back too.
        live.replace(previous);
        throw error;
      }
      state = JSON.parse(json) as State;
      version = Math.max(version, written);
      await bus.publish(topicOf(name), JSON.stringify({ version: written, json } satisfies VersionedState));
    },
    close() {
      clearInterval(timer);
      subscription.close();
    },
  };
}

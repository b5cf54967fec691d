/**
 * A per-entry concurrency limit, a built-in written on the public middleware API: at
 * most `max` calls of one tool (resource, prompt) run at once; one more is refused
 * with -32004 (HTTP 429) and a retry hint, or waits up to `waitMs` for a slot. With
 * the server's Redis the bound holds across every instance (the slots are leases, so
 * a crashed instance never locks an entry out); without, per process.
 */
import { CONCURRENCY_LIMIT_KEY_PREFIX, CONCURRENCY_LIMIT_POLL_MS } from "../config/defaults.js";
import { createMemoryConcurrencyStore, type ConcurrencyStore } from "../limits/concurrency-store.js";
import { createSlotLimiter } from "../limits/slot-limiter.js";
import { McpError } from "../protocol/errors.js";
import type { SlotLimiter, TenantRelease } from "../protocol/tenant-gate.js";
import { describeEntry, entryId, type McpCall, type Middleware, type MiddlewareFactory, type MiddlewareSetup } from "../routing/middleware.js";
import { positiveInteger } from "./options.js";

export interface ConcurrencyLimitOptions {
  /** Calls of one entry running at once. */
  readonly max: number;
  /** How long a call over the limit waits for a slot before it is refused, in milliseconds; default 0 (refused at once). */
  readonly waitMs?: number;
  /** Where slots are held; default: the server's Redis when it has one (shared by its instances), else this process. */
  readonly store?: ConcurrencyStore;
}

/** The Redis store is loaded only for a server with Redis, so a stdio server never loads the Redis scripts. */
function storeFor(options: ConcurrencyLimitOptions, server: MiddlewareSetup): ConcurrencyStore | Promise<ConcurrencyStore> {
  if (options.store !== undefined) return options.store;
  const { redis, logger } = server;
  if (redis !== undefined)
    return import("../limits/redis-concurrency-store.js").then((module) => module.createRedisConcurrencyStore({ client: redis, logger }));
  return createMemoryConcurrencyStore();
}

/** The entry a call counts against: the template for every URI it serves, not each URI. */
function entryKey(call: McpCall): string | undefined {
  return call.definition === undefined ? undefined : `${CONCURRENCY_LIMIT_KEY_PREFIX}${call.method}:${entryId(call.definition)}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * @example
 * ```ts
 * import { concurrencyLimit, createServer } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * // No tool, resource or prompt runs more than 4 times at once; a fifth call waits up to 2 s.
 * const server = createServer(routes, { middleware: [concurrencyLimit({ max: 4, waitMs: 2_000 })] });
 * ```
 */
export function concurrencyLimit(options: ConcurrencyLimitOptions): MiddlewareFactory {
  positiveInteger("concurrencyLimit max", options.max);
  const waitMs = options.waitMs ?? 0;
  if (!Number.isSafeInteger(waitMs) || waitMs < 0) throw new TypeError(`concurrencyLimit waitMs must be an integer ≥ 0, got ${String(options.waitMs)}`);
  const { max } = options;
  return {
    setup(server): Middleware {
      // A store that cannot answer lets calls through (the rate limits' default): the bound protects, it must not take the entry down.
      const store = storeFor(options, server);
      let slots: SlotLimiter | undefined = store instanceof Promise ? undefined : createSlotLimiter({ store });
      const loading = store instanceof Promise ? store.then((loaded) => (slots = createSlotLimiter({ store: loaded }))) : undefined;
      const refusal = (call: McpCall): string =>
        `Too many calls of ${call.definition === undefined ? call.method : describeEntry(call.definition)} in progress (at most ${max} at once)`;

      const take = async (call: McpCall, key: string): Promise<TenantRelease> => {
        const deadline = Date.now() + waitMs;
        let pause: number = CONCURRENCY_LIMIT_POLL_MS.first;
        for (;;) {
          try {
            return await (slots ?? (await loading!)).take(key, max, refusal(call));
          } catch (error) {
            const { signal } = call.ctx;
            const left = deadline - Date.now();
            // Cancelled (or timed out) while waiting: end as the request does, not as a refusal.
            if (signal.aborted) throw signal.reason;
            if (!(error instanceof McpError) || error.code !== "rate_limited" || left <= 0) throw error;
            await sleep(Math.min(pause, left), signal);
            pause = Math.min(pause * 2, CONCURRENCY_LIMIT_POLL_MS.max);
          }
        }
      };

      return async (call, next) => {
        const key = entryKey(call);
        // Lists and completions are not entries of their own: they pass.
        if (key === undefined) return next();
        const release = await take(call, key);
        try {
          return await next();
        } finally {
          release();
        }
      };
    },
  };
}

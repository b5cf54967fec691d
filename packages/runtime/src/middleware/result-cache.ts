/**
 * The result cache, a built-in written on the public middleware API: a tool that only
 * reads (or gives the same answer to the same call), a resource or a prompt answers
 * a repeated request from the cache until its time to live runs out, without running
 * the handler. It runs after the entry's access check, so a cached answer never
 * reaches a caller who may not use the entry; and a cached answer is shared only as
 * far as `scope` says (one caller, one tenant, or everyone).
 */
import { createHash } from "node:crypto";
import { DEFAULT_RESULT_CACHE_MAX_ENTRIES, DEFAULT_RESULT_CACHE_MAX_ENTRY_BYTES, DEFAULT_RESULT_CACHE_SCOPE } from "../config/defaults.js";
import { canonicalJson } from "../protocol/canonical-json.js";
import { ownerKey } from "../protocol/caller.js";
import { isStatelessVersion } from "../protocol/versions.js";
import {
  describeEntry,
  type EntryDefinition,
  type McpCall,
  type McpResult,
  type Middleware,
  type MiddlewareFactory,
  type MiddlewareSetup,
} from "../routing/middleware.js";
import { type CachedResult, createMemoryResultCacheStore, type ResultCacheStore } from "./result-cache-store.js";
import { createRedisResultCacheStore } from "./redis-result-cache-store.js";
import { outageLog, positiveInteger } from "./options.js";

/**
 * Who a cached result is shared with: `principal` (default) the caller who caused it,
 * within its tenant; `tenant` every caller of that tenant; `public` every caller.
 */
export type ResultCacheScope = "principal" | "tenant" | "public";

export interface ResultCacheOptions {
  /** How long a result is served from the cache, in milliseconds. */
  readonly ttlMs: number;
  /** Default `principal`. */
  readonly scope?: ResultCacheScope;
  /** Results kept by an in-process cache (per entry); default 1,000. */
  readonly maxEntries?: number;
  /** Results whose JSON is larger are not cached; default 1 MiB. */
  readonly maxEntryBytes?: number;
  /** Where results are kept; default: the server's Redis when it has one (shared by its instances), else this process. */
  readonly store?: ResultCacheStore;
}

const SCOPES: ReadonlySet<string> = new Set<ResultCacheScope>(["principal", "tenant", "public"]);

/** Params of a 2026-07-28 request retried with the client's answers: its result depends on them (server/utilities/caching). */
const ROUND_PARAMS = ["inputResponses", "requestState"] as const;

/** Whether a tool says calling it twice changes nothing more than calling it once. */
function toolMayBeCached(definition: EntryDefinition): boolean {
  if (!("inputSchema" in definition)) return true;
  const annotations = definition.annotations;
  return annotations?.readOnlyHint === true || annotations?.idempotentHint === true;
}

function cacheableCall(call: McpCall): boolean {
  const { method, definition } = call;
  if (definition === undefined || (method !== "tools/call" && method !== "resources/read" && method !== "prompts/get")) return false;
  if (ROUND_PARAMS.some((param) => call.params[param] !== undefined)) return false;
  return toolMayBeCached(definition);
}

/** A result worth keeping: complete and successful (not an error, not a task still running). */
function storable(result: McpResult): boolean {
  const fields = result as Readonly<Record<string, unknown>>;
  return fields.isError !== true && fields.task === undefined && fields.resultType !== "input_required";
}

function scopeKey(call: McpCall, scope: ResultCacheScope): string {
  const { principal, tenant } = call.ctx;
  if (scope === "public") return "";
  if (scope === "tenant") return `t:${tenant?.id ?? ""}`;
  return `p:${ownerKey(principal, tenant) ?? ""}`;
}

/**
 * One key per request as far as its answer can differ: the method, the entry, the
 * arguments (key order aside), the protocol version (results are shaped for it) and
 * who may share the answer. Hashed, so a key's length does not grow with the arguments.
 */
function cacheKey(call: McpCall, scope: ResultCacheScope): string {
  const parts = [call.method, call.name, call.arguments ?? {}, call.ctx.protocolVersion, scopeKey(call, scope)];
  return createHash("sha256").update(canonicalJson(parts)).digest("base64url");
}

/**
 * A 2026-07-28 `resources/read` result says how long the client may keep it too
 * (server/utilities/caching): what is left of the server's own time to live.
 */
function withHints(call: McpCall, result: McpResult, remainingMs: number, scope: ResultCacheScope): McpResult {
  if (call.method !== "resources/read" || !isStatelessVersion(call.ctx.protocolVersion)) return result;
  return { ...result, ttlMs: Math.max(0, Math.floor(remainingMs)), cacheScope: scope === "public" ? "public" : "private" };
}

function checkOptions(options: ResultCacheOptions): void {
  positiveInteger("resultCache ttlMs", options.ttlMs);
  if (options.scope !== undefined && !SCOPES.has(options.scope)) {
    throw new TypeError(`resultCache scope must be "principal", "tenant" or "public", got ${JSON.stringify(options.scope)}`);
  }
  if (options.maxEntries !== undefined) positiveInteger("resultCache maxEntries", options.maxEntries);
  if (options.maxEntryBytes !== undefined) positiveInteger("resultCache maxEntryBytes", options.maxEntryBytes);
}

function storeFor(options: ResultCacheOptions, server: MiddlewareSetup): ResultCacheStore {
  if (options.store !== undefined) return options.store;
  if (server.redis !== undefined) return createRedisResultCacheStore({ client: server.redis });
  return createMemoryResultCacheStore({ maxEntries: options.maxEntries ?? DEFAULT_RESULT_CACHE_MAX_ENTRIES });
}

/**
 * Caches results of `tools/call` (only of tools annotated `readOnlyHint` or
 * `idempotentHint`), `resources/read` and `prompts/get`; passes every other request
 * on. A store that cannot answer makes a miss (logged once per outage), never a failed request.
 *
 * @example
 * ```ts
 * import { createServer, resultCache } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * // Every read-only tool's answers, per caller, for 30 s; with Redis, shared by every instance.
 * const server = createServer(routes, { middleware: [resultCache({ ttlMs: 30_000 })] });
 * ```
 */
export function resultCache(options: ResultCacheOptions): MiddlewareFactory {
  checkOptions(options);
  const { ttlMs } = options;
  const scope = options.scope ?? DEFAULT_RESULT_CACHE_SCOPE;
  const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_RESULT_CACHE_MAX_ENTRY_BYTES;
  return {
    setup(server): Middleware {
      // Attached to one entry, a tool that changes things is refused at start-up rather than silently cached.
      if (server.entry !== undefined && !toolMayBeCached(server.entry)) {
        throw new TypeError(
          `resultCache on ${describeEntry(server.entry)}: only a tool annotated readOnlyHint or idempotentHint may be cached (a cached answer would skip a call that changes something)`,
        );
      }
      const store = storeFor(options, server);
      const outage = outageLog(server.logger, `The result cache's ${store.kind} store`);
      return async (call, next) => {
        if (!cacheableCall(call)) return next();
        const key = cacheKey(call, scope);
        let hit: CachedResult | undefined;
        try {
          hit = await store.get(key);
          outage.answered();
        } catch (error) {
          outage.failed(error);
        }
        if (hit !== undefined) return withHints(call, JSON.parse(hit.json) as McpResult, hit.expiresAt - Date.now(), scope);
        const result = await next();
        if (storable(result)) {
          const json = JSON.stringify(result);
          // Not awaited: the caller has its answer; a failed write only costs a later miss.
          if (Buffer.byteLength(json) <= maxEntryBytes) store.set(key, json, ttlMs).then(outage.answered, outage.failed);
        }
        return withHints(call, result, ttlMs, scope);
      };
    },
  };
}

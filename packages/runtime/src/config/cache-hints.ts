/**
 * Cache hints (`ttlMs`, `cacheScope`) for 2026-07-28 results (server/utilities/caching),
 * as configured: checked and given their defaults once. Which results carry them is
 * the protocol's business (protocol/result-envelope.ts).
 */
import { DEFAULT_LIST_CACHE_HINT, DEFAULT_READ_CACHE_HINT } from "./defaults.js";

export interface CacheHint {
  /** How long the client may consider the result fresh; 0 = re-fetch every time. */
  readonly ttlMs: number;
  /** `public`: shareable across callers; `private`: only within one authorization context. */
  readonly cacheScope: "public" | "private";
}

export interface CacheHints {
  /** `server/discover`, `tools/list`, `prompts/list`, `resources/list`, `resources/templates/list`. */
  readonly lists?: CacheHint;
  /** `resources/read`. */
  readonly reads?: CacheHint;
}

export type ResolvedCacheHints = Required<CacheHints>;

function checkHint(name: string, hint: CacheHint | undefined, fallback: CacheHint): CacheHint {
  if (hint === undefined) return fallback;
  if (!Number.isSafeInteger(hint.ttlMs) || hint.ttlMs < 0) throw new TypeError(`cacheHints.${name}.ttlMs must be an integer ≥ 0, got ${String(hint.ttlMs)}`);
  if (hint.cacheScope !== "public" && hint.cacheScope !== "private") {
    throw new TypeError(`cacheHints.${name}.cacheScope must be "public" or "private", got ${String(hint.cacheScope)}`);
  }
  return { ttlMs: hint.ttlMs, cacheScope: hint.cacheScope };
}

/** Validated at start-up, so bad configuration fails before the first request. */
export function resolveCacheHints(hints: CacheHints = {}): ResolvedCacheHints {
  return { lists: checkHint("lists", hints.lists, DEFAULT_LIST_CACHE_HINT), reads: checkHint("reads", hints.reads, DEFAULT_READ_CACHE_HINT) };
}

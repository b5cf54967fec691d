/** Options of the session manager, validated and given their defaults once, at creation. */
import {
  DEFAULT_MAX_REQUESTS_PER_SESSION,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_MAX_SESSIONS_PER_PRINCIPAL,
  DEFAULT_SESSION_CLEANUP_INTERVAL_MS,
  DEFAULT_SESSION_COUNT_FLUSH_MS,
  DEFAULT_SESSION_IDLE_TIMEOUT_MS,
} from "../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { ManagedSession } from "./managed-session.js";
import { MemorySessionStore } from "./memory-store.js";
import type { SessionStore, SharedSessionStore } from "./store.js";

/**
 * Why a session ended: `closed` by the client or the transport (DELETE, the stream
 * went away, a failed initialize), `expired` idle, `request-limit` used up,
 * `evicted` to make room (only with `evict: "oldest-idle"`), `shutdown` by `close()`.
 * With `shared`, `released`: this instance let go of its copy (idle here, ended on
 * another instance, or this one is shutting down), and the session lives on.
 */
export type SessionEndReason = "closed" | "expired" | "request-limit" | "evicted" | "shutdown" | "released";

export interface SessionManagerOptions<S extends ManagedSession = ManagedSession> {
  /** Sessions this process holds at once; default 10,000. Beyond it `open()` refuses with `server_busy` (503). */
  readonly maxSessions?: number;
  /** Sessions one owner (identity within its tenant) may hold at once; default 100. Beyond it `open()` refuses with `rate_limited` (429). */
  readonly maxSessionsPerPrincipal?: number;
  /** A session with no request and no open stream for this long ends; default 30 minutes. Also the records' TTL in the store. */
  readonly idleTimeoutMs?: number;
  /** Requests one session may make; the next one ends it (404, so the client starts a new one). Default: no limit. */
  readonly maxRequestsPerSession?: number;
  /** At `maxSessions`, `"oldest-idle"` ends the session idle the longest to make room; default `"none"`: refuse. */
  readonly evict?: "none" | "oldest-idle";
  /** How often idle sessions are looked for; default 60 s, and at most half the idle timeout. */
  readonly cleanupIntervalMs?: number;
  /** Where session records go; default a `MemorySessionStore`. */
  readonly store?: SessionStore;
  /**
   * Every instance sharing `store` (which must then be a `SharedSessionStore`) serves
   * every session: a request for a session another instance opened restores it here
   * from its record, requests are counted on the record, and a session ends for all
   * when it is deleted or used up. An instance that lets go of its copy (idle here, or
   * shutting down) leaves the session to the others. Default false: one instance.
   */
  readonly shared?: boolean;
  /**
   * With `shared`: how long requests counted here may wait before they are added to
   * the record, in one write (the first of each window is written at once); default
   * 1 s. 0 writes each request at once: exact counts across instances, one Redis write
   * per request.
   */
  readonly countFlushMs?: number;
  /** With `shared`: told when a session ends for all (DELETE, request limit), so the other instances can let go of their copies. */
  readonly onEndEverywhere?: (id: string) => void;
  /** What a refused client should do next, ending the refusal messages; default "start a new session". */
  readonly restartHint?: string;
  /** Told once per ended session, after its streams closed: the place to disconnect its peer. */
  readonly onEnd?: (session: S, reason: SessionEndReason) => void;
  /** Where store failures are reported (once until the store recovers); default stderr. */
  readonly logger?: ServerLogger;
}

export interface ResolvedSessionOptions<S extends ManagedSession> {
  readonly maxSessions: number;
  readonly maxSessionsPerPrincipal: number;
  readonly idleTimeoutMs: number;
  readonly maxRequestsPerSession: number;
  readonly evict: "none" | "oldest-idle";
  readonly cleanupIntervalMs: number;
  readonly store: SessionStore;
  /** Set when `shared`: the same store, with the operations sharing needs. */
  readonly shared: SharedSessionStore | undefined;
  readonly onEndEverywhere: ((id: string) => void) | undefined;
  readonly countFlushMs: number;
  readonly restartHint: string;
  readonly onEnd: ((session: S, reason: SessionEndReason) => void) | undefined;
  readonly logger: ServerLogger;
}

function positiveInteger(name: string, value: number | undefined, fallback: number, unbounded = false): number {
  if (value === undefined) return fallback;
  if (unbounded && value === Number.POSITIVE_INFINITY) return value;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new TypeError(`${name} must be a positive integer${unbounded ? " or Infinity" : ""}, got ${String(value)}`);
  return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${name} must be a non-negative integer, got ${String(value)}`);
  return value;
}

function checkStore(store: SessionStore): SessionStore {
  for (const method of ["save", "get", "delete", "count", "list"] as const) {
    if (typeof store[method] !== "function") throw new TypeError(`store must implement SessionStore: ${method}() is missing`);
  }
  return store;
}

function sharedStore(store: SessionStore, shared: boolean | undefined): SharedSessionStore | undefined {
  if (shared !== true) return undefined;
  if (typeof (store as Partial<SharedSessionStore>).touch !== "function") throw new TypeError("shared sessions need a SharedSessionStore: touch() is missing");
  return store as SharedSessionStore;
}

export function resolveSessionOptions<S extends ManagedSession>(options: SessionManagerOptions<S>): ResolvedSessionOptions<S> {
  const idleTimeoutMs = positiveInteger("idleTimeoutMs", options.idleTimeoutMs, DEFAULT_SESSION_IDLE_TIMEOUT_MS);
  const evict = options.evict ?? "none";
  const store = checkStore(options.store ?? new MemorySessionStore());
  if (evict !== "none" && evict !== "oldest-idle") throw new TypeError(`evict must be "none" or "oldest-idle", got ${JSON.stringify(evict)}`);
  return {
    maxSessions: positiveInteger("maxSessions", options.maxSessions, DEFAULT_MAX_SESSIONS),
    maxSessionsPerPrincipal: positiveInteger("maxSessionsPerPrincipal", options.maxSessionsPerPrincipal, DEFAULT_MAX_SESSIONS_PER_PRINCIPAL, true),
    idleTimeoutMs,
    maxRequestsPerSession: positiveInteger("maxRequestsPerSession", options.maxRequestsPerSession, DEFAULT_MAX_REQUESTS_PER_SESSION, true),
    evict,
    // Each sweep rewrites the records it keeps, so a sweep at most half the TTL apart
    // keeps every live session's record from expiring in the store.
    cleanupIntervalMs: Math.max(
      1,
      Math.min(positiveInteger("cleanupIntervalMs", options.cleanupIntervalMs, DEFAULT_SESSION_CLEANUP_INTERVAL_MS), Math.floor(idleTimeoutMs / 2)),
    ),
    store,
    shared: sharedStore(store, options.shared),
    onEndEverywhere: options.onEndEverywhere,
    countFlushMs: nonNegative("countFlushMs", options.countFlushMs, DEFAULT_SESSION_COUNT_FLUSH_MS),
    restartHint: options.restartHint ?? "start a new session",
    onEnd: options.onEnd,
    logger: options.logger ?? stderrLogger,
  };
}

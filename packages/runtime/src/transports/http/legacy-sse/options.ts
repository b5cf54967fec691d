/** Options of the legacy HTTP+SSE endpoints, validated and given their defaults once, at creation. */
import {
  DEFAULT_HTTP_MAX_BODY_BYTES,
  DEFAULT_LEGACY_MESSAGES_PATH,
  DEFAULT_LEGACY_SSE_MAX_SESSIONS,
  DEFAULT_LEGACY_SSE_PATH,
  DEFAULT_LEGACY_SSE_RELAY_TIMEOUT_MS,
  DEFAULT_SSE_KEEPALIVE_MS,
} from "../../../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../../../protocol/logger.js";
import type { SessionManagerOptions } from "../../../sessions/options.js";
import type { SessionStore } from "../../../sessions/store.js";
import type { ClusterBus } from "../../../cluster/bus.js";
import type { OriginCheckOptions } from "../../../network/options.js";
import { originPolicy, type OriginPolicy } from "../../../network/origin.js";

/** `allowedOrigins` and `allowedHosts` (the Origin and Host check) are network/options.ts's. */
export interface LegacySseOptions extends OriginCheckOptions {
  /** GET here opens a session's event stream; default `/sse`. */
  readonly ssePath?: string;
  /** Clients POST their messages here (`?sessionId=…`); default `/messages`. May equal `ssePath`. */
  readonly messagesPath?: string;
  /** Largest POST body in bytes; default 4 MiB. Larger bodies get 413. */
  readonly maxBodyBytes?: number;
  /** Open streams at once; default 1,000. Further GETs get 503 (`server_busy`) until one closes. */
  readonly maxSessions?: number;
  /** Messages one session may POST; the next gets 404 and ends the session and its stream. Default: no limit. */
  readonly maxRequestsPerSession?: number;
  /** Where session records go (shared with other instances through a `RedisSessionStore`); default in memory. */
  readonly sessionStore?: SessionStore;
  /** Milliseconds between keep-alive comments on a stream; default 15 s. */
  readonly keepAliveMs?: number;
  /**
   * Serve every session from every instance: the instances' bus (a `RedisBus`, or a
   * `MemoryBus` for several servers in one process), with a `sessionStore` they all
   * share. A stream stays on the instance that opened it; a POST that reaches another
   * instance is carried over the bus to it and handled there.
   */
  readonly cluster?: ClusterBus;
  /** With `cluster`: how long a POST carried to another instance waits for it to take the message; default 5 s, then 404. */
  readonly clusterTimeoutMs?: number;
  readonly logger?: ServerLogger;
}

/** What sharing sessions between instances needs, once resolved. */
export interface LegacySseCluster {
  readonly bus: ClusterBus;
  /** The store every instance shares: where a POST's instance finds the session's record and its owner. */
  readonly store: SessionStore;
  readonly timeoutMs: number;
}

export interface ResolvedLegacySseOptions {
  readonly ssePath: string;
  readonly messagesPath: string;
  readonly maxBodyBytes: number;
  /** For the session manager, which checks them; a stream is never idle, so no idle timeout here. */
  readonly sessions: Pick<SessionManagerOptions, "maxSessions" | "maxRequestsPerSession" | "store">;
  readonly keepAliveMs: number;
  readonly origin: OriginPolicy;
  /** Set with the `cluster` option. */
  readonly cluster: LegacySseCluster | undefined;
  readonly logger: ServerLogger;
}

function checkPath(name: string, value: string): string {
  // The path goes into the `endpoint` event's data line verbatim: no line breaks, no spaces.
  if (!/^\/[^?#\s\p{Cc}]*$/u.test(value)) throw new TypeError(`${name} must start with "/" and carry no query, fragment or whitespace, got "${value}"`);
  return value;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function clusterOf(options: LegacySseOptions): LegacySseCluster | undefined {
  if (options.cluster === undefined) {
    if (options.clusterTimeoutMs !== undefined) throw new TypeError("clusterTimeoutMs needs the cluster option");
    return undefined;
  }
  // A default store would be this instance's alone: the others would find no session in it.
  if (options.sessionStore === undefined) throw new TypeError("cluster needs a sessionStore every instance shares (a RedisSessionStore)");
  const timeoutMs = positiveInteger("clusterTimeoutMs", options.clusterTimeoutMs, DEFAULT_LEGACY_SSE_RELAY_TIMEOUT_MS);
  return { bus: options.cluster, store: options.sessionStore, timeoutMs };
}

export function resolveLegacySseOptions(options: LegacySseOptions): ResolvedLegacySseOptions {
  return {
    ssePath: checkPath("ssePath", options.ssePath ?? DEFAULT_LEGACY_SSE_PATH),
    messagesPath: checkPath("messagesPath", options.messagesPath ?? DEFAULT_LEGACY_MESSAGES_PATH),
    maxBodyBytes: positiveInteger("maxBodyBytes", options.maxBodyBytes, DEFAULT_HTTP_MAX_BODY_BYTES),
    sessions: {
      maxSessions: options.maxSessions ?? DEFAULT_LEGACY_SSE_MAX_SESSIONS,
      ...(options.maxRequestsPerSession === undefined ? {} : { maxRequestsPerSession: options.maxRequestsPerSession }),
      ...(options.sessionStore === undefined ? {} : { store: options.sessionStore }),
    },
    keepAliveMs: positiveInteger("keepAliveMs", options.keepAliveMs, DEFAULT_SSE_KEEPALIVE_MS),
    origin: originPolicy(options.allowedOrigins, options.allowedHosts),
    cluster: clusterOf(options),
    logger: options.logger ?? stderrLogger,
  };
}

/** Options of the Streamable HTTP endpoint, validated and given their defaults once, at creation. */
import { DEFAULT_HTTP_MAX_BODY_BYTES, DEFAULT_SESSION_MODE, type SessionMode } from "../../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../../protocol/logger.js";
import type { ChallengeOptions } from "../../auth/challenge.js";
import { withResourceMetadata } from "../../auth/resource-metadata.js";
import type { AuthPolicy } from "../../config/policies.js";
import type { SessionManagerOptions } from "../../sessions/options.js";
import type { SessionStore } from "../../sessions/store.js";
import type { ClusterBus } from "../../cluster/bus.js";
import { MemoryEventStore, type EventStore } from "../../sessions/event-store.js";
import type { OriginCheckOptions } from "../../network/options.js";
import { originPolicy, type OriginPolicy } from "../../network/origin.js";

/** `allowedOrigins` and `allowedHosts` (the Origin and Host check) are network/options.ts's. */
export interface StreamableHttpOptions extends OriginCheckOptions {
  /** Largest POST body in bytes; default 4 MiB. Larger bodies get 413. */
  readonly maxBodyBytes?: number;
  /**
   * `"stateless"` serves 2025-era clients without sessions: no `Mcp-Session-Id`, each
   * request on its own (see sessionless-post.ts), GET and DELETE 405. Default `"stateful"`.
   */
  readonly sessionMode?: SessionMode;
  /** Idle sessions end after this long; default 30 minutes. Also the TTL of session records in the store. */
  readonly sessionIdleTimeoutMs?: number;
  /** Sessions held at once; default 10,000. Initialize beyond it gets 503 (`server_busy`, -32014). */
  readonly maxSessions?: number;
  /** Sessions one caller (an identity within its tenant) may hold at once; default 100. Initialize beyond it gets 429 (`rate_limited`). */
  readonly maxSessionsPerPrincipal?: number;
  /** Requests one session may make; the next gets 404 and ends the session (the client starts a new one). Default: no limit. */
  readonly maxRequestsPerSession?: number;
  /** At `maxSessions`, `"oldest-idle"` ends the session idle longest to admit a new one; default `"none"` refuses. */
  readonly evictSessions?: "none" | "oldest-idle";
  /** Where session records go (a `RedisSessionStore` lets instances see each other's); default in memory. */
  readonly sessionStore?: SessionStore;
  /**
   * Serve every session on every instance: the instances' bus (a `RedisBus`, or a
   * `MemoryBus` for several servers in one process), with a `sessionStore` they all
   * share. A request may then reach any instance: sessions are restored from the
   * store, and messages for a client's GET stream, its answers to elicitation,
   * sampling and roots requests, cancellations and session ends cross over the bus.
   */
  readonly cluster?: ClusterBus;
  /** With `cluster`: how long requests counted here may wait to reach the session's record (one write); default 1 s, 0 writes each at once. */
  readonly sessionCountFlushMs?: number;
  /**
   * Where the events of the session era's SSE streams are kept so a client can resume
   * a broken stream with `Last-Event-ID`; default a `MemoryEventStore` (this instance
   * only). Several instances share a `RedisEventStore` so a stream resumes on any of
   * them. `false`: no event ids, no resumption.
   */
  readonly eventStore?: EventStore | false;
  /** Realm and resource-metadata URL of the `WWW-Authenticate` challenges on 401 and 403 replies; default realm "mcp". */
  readonly challenge?: ChallengeOptions;
  readonly logger?: ServerLogger;
}

/** The session manager's options as the endpoint passes them on; the manager checks them and applies its defaults. */
export type HttpSessionOptions = Pick<
  SessionManagerOptions,
  "maxSessions" | "maxSessionsPerPrincipal" | "idleTimeoutMs" | "maxRequestsPerSession" | "evict" | "store" | "shared" | "countFlushMs"
>;

export interface ResolvedHttpOptions {
  readonly maxBodyBytes: number;
  readonly sessions: HttpSessionOptions;
  readonly cluster: ClusterBus | undefined;
  readonly eventStore: EventStore | undefined;
  /** `sessionMode: "stateless"`: legacy requests are served without a session. */
  readonly sessionless: boolean;
  readonly origin: OriginPolicy;
  readonly challenge: ChallengeOptions;
  readonly logger: ServerLogger;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function sessionOptions(options: StreamableHttpOptions): HttpSessionOptions {
  const picked: { -readonly [K in keyof HttpSessionOptions]: HttpSessionOptions[K] } = {};
  if (options.maxSessions !== undefined) picked.maxSessions = options.maxSessions;
  if (options.maxSessionsPerPrincipal !== undefined) picked.maxSessionsPerPrincipal = options.maxSessionsPerPrincipal;
  if (options.sessionIdleTimeoutMs !== undefined) picked.idleTimeoutMs = options.sessionIdleTimeoutMs;
  if (options.maxRequestsPerSession !== undefined) picked.maxRequestsPerSession = options.maxRequestsPerSession;
  if (options.evictSessions !== undefined) picked.evict = options.evictSessions;
  if (options.sessionStore !== undefined) picked.store = options.sessionStore;
  if (options.cluster !== undefined) {
    // A default store would be this instance's alone: the others could restore nothing from it.
    if (options.sessionStore === undefined) throw new TypeError("cluster needs a sessionStore every instance shares (a RedisSessionStore)");
    picked.shared = true;
    if (options.sessionCountFlushMs !== undefined) picked.countFlushMs = options.sessionCountFlushMs;
  }
  return picked;
}

function sessionless(mode: SessionMode = DEFAULT_SESSION_MODE): boolean {
  if (mode !== "stateful" && mode !== "stateless") throw new TypeError(`sessionMode must be "stateful" or "stateless", got ${JSON.stringify(mode)}`);
  return mode === "stateless";
}

/** `auth`: the manifest's policy, whose `oauth2` scheme names the `resource_metadata` of 401 and 403 challenges. */
export function resolveHttpOptions(options: StreamableHttpOptions, auth?: AuthPolicy): ResolvedHttpOptions {
  return {
    maxBodyBytes: positiveInteger("maxBodyBytes", options.maxBodyBytes, DEFAULT_HTTP_MAX_BODY_BYTES),
    sessions: sessionOptions(options),
    cluster: options.cluster,
    eventStore: options.eventStore === false ? undefined : (options.eventStore ?? new MemoryEventStore()),
    sessionless: sessionless(options.sessionMode),
    origin: originPolicy(options.allowedOrigins, options.allowedHosts),
    challenge: withResourceMetadata(options.challenge ?? {}, auth),
    logger: options.logger ?? stderrLogger,
  };
}

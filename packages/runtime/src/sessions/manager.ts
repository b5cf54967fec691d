/**
 * The session manager: which sessions exist in this process, how many may, when
 * they end, and how they were used. Transports hold their live parts (streams, the
 * server's peer) in `ManagedSession` subclasses; the manager copies each session's
 * record to a `SessionStore` so other instances can see it.
 *
 * The store is written behind the request, never read on it: the live session can
 * only be served here, so this process already knows everything a request needs, and
 * a Redis round trip per request would only add latency. A failing store is reported
 * and sessions go on in process (`flush()` waits for the writes).
 */
import { randomUUID } from "node:crypto";
import { McpError } from "../protocol/errors.js";
import type { ManagedSession } from "./managed-session.js";
import { resolveSessionOptions, type ResolvedSessionOptions, type SessionEndReason, type SessionManagerOptions } from "./options.js";
import { SessionCounters, type SessionStats } from "./stats.js";

/**
 * @example
 * ```ts
 * import { ManagedSession, SessionManager } from "@turbomcp/runtime/http";
 * const sessions = new SessionManager({ maxSessions: 100, idleTimeoutMs: 60_000, onEnd: (s, why) => console.error(s.id, why) });
 * const opened = sessions.open((id) => new ManagedSession(id));
 * if (!(opened instanceof Error)) sessions.use(opened.id); // the session, or an McpError to send
 * ```
 */
export class SessionManager<S extends ManagedSession = ManagedSession> {
  readonly #sessions = new Map<string, S>();
  /** Sessions held per owner, for `maxSessionsPerPrincipal`. */
  readonly #perOwner = new Map<string, number>();
  readonly #options: ResolvedSessionOptions<S>;
  readonly #counters = new SessionCounters();
  readonly #sweep: NodeJS.Timeout;
  #closed = false;
  #pendingWrites = 0;
  #drained: (() => void)[] = [];
  #storeFailing = false;

  constructor(options: SessionManagerOptions<S> = {}) {
    this.#options = resolveSessionOptions(options);
    this.#sweep = setInterval(this.#cleanup, this.#options.cleanupIntervalMs).unref();
  }

  /** Sessions held now. */
  get size(): number {
    return this.#sessions.size;
  }

  /**
   * Opens a session: a fresh id (randomUUID: 122 bits from the CSPRNG, visible ASCII as
   * basic/transports asks) handed to `create`. At `maxSessions` it ends the oldest idle
   * session when `evict` says so, and otherwise refuses with `server_busy` (503):
   * nothing is evicted silently. An owner (`ownerKey`) already holding
   * `maxSessionsPerPrincipal` sessions is refused with `rate_limited` (429): its own
   * sessions end by idling out or a DELETE, never someone else's.
   */
  open(create: (id: string) => S, owner?: string): S | McpError {
    if (this.#closed) return new McpError("server_shutting_down", "Server is shutting down");
    const held = owner === undefined ? 0 : (this.#perOwner.get(owner) ?? 0);
    if (held >= this.#options.maxSessionsPerPrincipal) {
      this.#counters.refused++;
      return new McpError("rate_limited", `Too many sessions for this caller (${held}): end one (DELETE) or let one idle out`);
    }
    if (this.#sessions.size >= this.#options.maxSessions && !this.#evictOldestIdle()) {
      this.#counters.refused++;
      return new McpError("server_busy", "Too many sessions: try again later");
    }
    const session = create(randomUUID());
    session.owner = owner;
    this.#sessions.set(session.id, session);
    if (owner !== undefined) this.#perOwner.set(owner, held + 1);
    this.#counters.created++;
    this.#counters.requests++;
    this.#save(session);
    return session;
  }

  /** The live session with this id, without counting a request. */
  get(id: string): S | undefined {
    return this.#sessions.get(id);
  }

  /**
   * The session a request names, counted and kept from expiring; or an error ready to
   * send (404 `session_not_found`, which tells the client to start over): no such
   * session, one opened by another principal (indistinguishable on purpose), or one
   * past `maxRequestsPerSession`, which this request ends.
   */
  use(id: string, owner?: string): S | McpError {
    const session = this.#sessions.get(id);
    if (session === undefined || session.owner !== owner) {
      return new McpError("session_not_found", `Session not found: ${this.#options.restartHint}`);
    }
    const limit = this.#options.maxRequestsPerSession;
    if (session.requests >= limit) {
      this.end(session, "request-limit");
      return new McpError("session_not_found", `Session ended: it reached its limit of ${limit} requests; ${this.#options.restartHint}`);
    }
    session.requests++;
    session.lastSeen = Date.now();
    this.#counters.requests++;
    this.#save(session);
    return session;
  }

  /** Records what was learnt after opening (the version `initialize` negotiated). */
  update(session: S, fields: { readonly protocolVersion?: string | undefined }): void {
    if (this.#sessions.get(session.id) !== session) return;
    if (fields.protocolVersion !== undefined) session.protocolVersion = fields.protocolVersion;
    this.#save(session);
  }

  /** Ends the session: its streams close, its record goes, `onEnd` hears why. Ending an ended session does nothing. */
  end(session: S, reason: SessionEndReason = "closed"): void {
    if (this.#sessions.get(session.id) !== session) return;
    this.#sessions.delete(session.id);
    if (session.owner !== undefined) {
      const held = (this.#perOwner.get(session.owner) ?? 1) - 1;
      if (held > 0) this.#perOwner.set(session.owner, held);
      else this.#perOwner.delete(session.owner);
    }
    this.#counters.recordEnd(Date.now() - session.created, reason);
    this.#write(() => this.#options.store.delete(session.id));
    session.close();
    try {
      this.#options.onEnd?.(session, reason);
    } catch (error) {
      this.#options.logger.error("session onEnd callback failed", error);
    }
  }

  stats(): SessionStats {
    return this.#counters.snapshot(this.#sessions.size);
  }

  /** Resolves once every store write issued so far has finished (or failed). */
  flush(): Promise<void> {
    if (this.#pendingWrites === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  /** Ends every session (`shutdown`) and stops the sweep; later opens are refused. `flush()` then waits for the store. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#sweep);
    for (const session of this.#sessions.values()) this.end(session, "shutdown");
  }

  /** Ends idle sessions; rewrites the rest so their records stay ahead of their TTL. */
  readonly #cleanup = (): void => {
    const cutoff = Date.now() - this.#options.idleTimeoutMs;
    for (const session of this.#sessions.values()) {
      if (!session.busy && session.lastSeen < cutoff) this.end(session, "expired");
      else this.#save(session);
    }
  };

  #evictOldestIdle(): boolean {
    if (this.#options.evict !== "oldest-idle") return false;
    let oldest: S | undefined;
    for (const session of this.#sessions.values()) {
      if (!session.busy && (oldest === undefined || session.lastSeen < oldest.lastSeen)) oldest = session;
    }
    if (oldest !== undefined) this.end(oldest, "evicted");
    return oldest !== undefined;
  }

  #save(session: S): void {
    const record = session.record();
    this.#write(() => this.#options.store.save(record, this.#options.idleTimeoutMs));
  }

  #write(operation: () => Promise<void>): void {
    this.#pendingWrites++;
    let written: Promise<void>;
    try {
      written = operation();
    } catch (error) {
      written = Promise.reject(error);
    }
    written.then(this.#written, this.#failed);
  }

  readonly #written = (): void => {
    if (this.#storeFailing) this.#options.logger.warn("session store writes succeed again");
    this.#storeFailing = false;
    this.#settled();
  };

  readonly #failed = (error: unknown): void => {
    // Once per outage: a store that is down would otherwise log on every request.
    if (!this.#storeFailing) this.#options.logger.error("session store write failed; sessions go on in this process", error);
    this.#storeFailing = true;
    this.#settled();
  };

  #settled(): void {
    if (--this.#pendingWrites > 0) return;
    for (const resolve of this.#drained.splice(0)) resolve();
  }
}

/**
 * What a transport shows of its manager to the application: analytics, the store
 * flush for shutdown, and ending a session. Opening and counting stay the transport's.
 */
export type SessionManagerView = Pick<SessionManager, "size" | "get" | "end" | "stats" | "flush">;

/**
 * The session manager: which sessions exist in this process, how many may, when
 * they end, and how they were used. Transports hold their live parts (streams, the
 * server's peer) in `ManagedSession` subclasses; the manager copies each session's
 * record to a `SessionStore` so other instances can see it.
 *
 * The store is written behind the request, never read on it: a session this
 * process holds is served from memory, with no Redis round trip. A failing store is
 * reported and sessions go on in process (`flush()` waits for the writes).
 *
 * With `shared`, every instance serves every session: a request for a session this
 * process does not hold restores it from its record (one read, then it is held here
 * too), requests are counted on the record, and a session ends for all only when it
 * is deleted or used up; an instance that merely lets go of its copy "releases" it.
 */
import { randomUUID } from "node:crypto";
import { McpError } from "../protocol/errors.js";
import type { ManagedSession } from "./managed-session.js";
import type { SessionState } from "../protocol/connection.js";
import type { SessionRecord } from "./store.js";
import { resolveSessionOptions, type ResolvedSessionOptions, type SessionEndReason, type SessionManagerOptions } from "./options.js";
import { SessionCounters, type SessionStats } from "./stats.js";

function tooManySessions(held: number): McpError {
  return new McpError("rate_limited", `Too many sessions for this caller (${held}): end one (DELETE) or let one idle out`);
}

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
  /** Shared: requests counted here and not on the record yet, by session (see `#count`). */
  readonly #uncounted = new Map<S, number>();
  #flushTimer: NodeJS.Timeout | undefined;
  /** Restores under way, so concurrent requests for one session restore it once. */
  readonly #restoring = new Map<string, Promise<S | McpError>>();
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
      return tooManySessions(held);
    }
    const full = this.#atCapacity();
    if (full) return full;
    const session = create(randomUUID());
    session.owner = owner;
    this.#hold(session);
    this.#counters.created++;
    this.#counters.requests++;
    // Shared: the record is first written by `share()`, with the state another instance needs to serve it.
    if (!this.#options.shared) this.#save(session);
    return session;
  }

  /**
   * Shared sessions: the session a request names that this process does not hold,
   * restored from its record (`create` builds the local copy and gives the server its
   * state) and counted as one request; or the error to send: 404 as `use()` gives it
   * (no such record, another owner's, not initialized yet), 503 when the store cannot
   * be read. Without `shared`, the 404 at once.
   */
  async restore(id: string, owner: string | undefined, create: (id: string, record: SessionRecord) => S): Promise<S | McpError> {
    if (this.#sessions.has(id)) return this.use(id, owner);
    if (this.#options.shared === undefined) return this.#notFound();
    if (this.#closed) return new McpError("server_shutting_down", "Server is shutting down");
    let restoring = this.#restoring.get(id);
    if (restoring === undefined) {
      restoring = this.#restore(id, create).finally(() => this.#restoring.delete(id));
      this.#restoring.set(id, restoring);
    }
    const restored = await restoring;
    // Counted (and its owner checked) like any request, including the one that restored it.
    return restored instanceof McpError ? restored : this.use(id, owner);
  }

  async #restore(id: string, create: (id: string, record: SessionRecord) => S): Promise<S | McpError> {
    let record: SessionRecord | undefined;
    try {
      record = await this.#options.shared!.get(id);
    } catch (error) {
      this.#options.logger.error("session store read failed; sessions other instances opened cannot be served here", error);
      return new McpError("server_busy", "Session store unavailable: try again shortly");
    }
    // Not initialized yet: `share()` writes the record before initialize's reply leaves, so no client can know this id.
    if (record === undefined || record.protocolVersion === undefined) return this.#notFound();
    const held = this.#sessions.get(id);
    if (held !== undefined) return held;
    if (this.#closed) return new McpError("server_shutting_down", "Server is shutting down");
    const full = this.#atCapacity();
    if (full) return full;
    const session = create(id, record);
    session.owner = record.owner;
    session.protocolVersion = record.protocolVersion;
    // `use()` counts the restoring request on top.
    session.requests = record.requests - 1;
    this.#hold(session);
    this.#counters.restored++;
    return session;
  }

  /**
   * Shared sessions: writes the whole record with what `initialize`,
   * `logging/setLevel` or `resources/subscribe` set, so the other instances serve the session with it.
   * Resolves once written: the reply that tells the client waits for it, or the
   * client's next request could reach an instance that does not know the state yet.
   */
  async share(session: S, state: SessionState): Promise<McpError | undefined> {
    if (this.#sessions.get(session.id) !== session) return undefined;
    // The first write (initialize's) claims one of the owner's sessions on every instance.
    const first = session.protocolVersion === undefined;
    session.protocolVersion = state.protocolVersion;
    const { clientCapabilities, logLevel, subscriptions } = state;
    const record: SessionRecord = {
      ...session.record(),
      clientCapabilities,
      ...(logLevel === undefined ? {} : { logLevel }),
      ...(subscriptions === undefined || subscriptions.length === 0 ? {} : { subscriptions }),
    };
    const { idleTimeoutMs, maxSessionsPerPrincipal } = this.#options;
    if (!first || record.owner === undefined) {
      await this.#write(() => this.#options.store.save(record, idleTimeoutMs));
      return undefined;
    }
    let claimed = true;
    await this.#write(async () => {
      claimed = await this.#options.shared!.claim(record, idleTimeoutMs, maxSessionsPerPrincipal);
    });
    if (claimed) return undefined;
    this.#counters.refused++;
    this.end(session, "closed");
    return tooManySessions(maxSessionsPerPrincipal);
  }

  /** Shared sessions: another instance ended the session for all; this copy goes too. */
  release(id: string): void {
    const session = this.#sessions.get(id);
    if (session !== undefined) this.end(session, "released");
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
    if (session === undefined || session.owner !== owner) return this.#notFound();
    const limit = this.#options.maxRequestsPerSession;
    if (session.requests >= limit) {
      this.end(session, "request-limit");
      return new McpError("session_not_found", `Session ended: it reached its limit of ${limit} requests; ${this.#options.restartHint}`);
    }
    session.requests++;
    session.lastSeen = Date.now();
    this.#counters.requests++;
    if (this.#options.shared) this.#count(session);
    else this.#save(session);
    return session;
  }

  #notFound(): McpError {
    return new McpError("session_not_found", `Session not found: ${this.#options.restartHint}`);
  }

  /** Records what was learnt after opening (the version `initialize` negotiated); shared sessions use `share()`. */
  update(session: S, fields: { readonly protocolVersion?: string | undefined }): void {
    if (this.#sessions.get(session.id) !== session) return;
    if (fields.protocolVersion !== undefined) session.protocolVersion = fields.protocolVersion;
    this.#save(session);
  }

  /**
   * Ends the session: its streams close, its record goes, `onEnd` hears why. Ending
   * an ended session does nothing. Shared: only a client's DELETE (`closed`) and the
   * request limit end it for all; expiry, eviction and shutdown release this copy
   * and leave the record to the other instances.
   */
  end(session: S, reason: SessionEndReason = "closed"): void {
    if (this.#sessions.get(session.id) !== session) return;
    const shared = this.#options.shared !== undefined;
    if (shared && (reason === "expired" || reason === "evicted" || reason === "shutdown")) reason = "released";
    this.#sessions.delete(session.id);
    this.#uncounted.delete(session);
    if (session.owner !== undefined) {
      const held = (this.#perOwner.get(session.owner) ?? 1) - 1;
      if (held > 0) this.#perOwner.set(session.owner, held);
      else this.#perOwner.delete(session.owner);
    }
    this.#counters.recordEnd(Date.now() - session.created, reason);
    if (reason !== "released") {
      void this.#write(() => this.#options.store.delete(session.id, session.owner));
      if (shared) this.#tellEveryone(session.id);
    }
    session.close(reason);
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
    clearTimeout(this.#flushTimer);
    this.#flushCounts();
    for (const session of this.#sessions.values()) this.end(session, "shutdown");
  }

  /**
   * Ends idle sessions; rewrites the rest so their records stay ahead of their TTL.
   * Shared: a copy idle here is released (the session may be busy elsewhere, and its
   * record expires on its own once idle everywhere); a busy one (a GET stream open
   * here) renews its record without counting a request.
   */
  readonly #cleanup = (): void => {
    const cutoff = Date.now() - this.#options.idleTimeoutMs;
    const shared = this.#options.shared !== undefined;
    for (const session of this.#sessions.values()) {
      if (!session.busy && session.lastSeen < cutoff) this.end(session, "expired");
      else if (!shared) this.#save(session);
      else if (session.busy) this.#touch(session, 0);
    }
  };

  #hold(session: S): void {
    this.#sessions.set(session.id, session);
    if (session.owner !== undefined) this.#perOwner.set(session.owner, (this.#perOwner.get(session.owner) ?? 0) + 1);
  }

  /** At `maxSessions`: room made (a shared copy released, or eviction), or the 503 to send. */
  #atCapacity(): McpError | undefined {
    if (this.#sessions.size < this.#options.maxSessions || this.#evictOldestIdle()) return undefined;
    this.#counters.refused++;
    return new McpError("server_busy", "Too many sessions: try again later");
  }

  #tellEveryone(id: string): void {
    try {
      this.#options.onEndEverywhere?.(id);
    } catch (error) {
      this.#options.logger.error("session onEndEverywhere callback failed", error);
    }
  }

  /**
   * Shared: a request to count on the record. The first of a window is written at
   * once; the ones after it wait for the window's end and go in one write.
   */
  #count(session: S): void {
    if (this.#options.countFlushMs === 0) return this.#touch(session, 1);
    const waiting = this.#uncounted.get(session);
    if (waiting !== undefined) {
      this.#uncounted.set(session, waiting + 1);
      return;
    }
    this.#uncounted.set(session, 0);
    this.#touch(session, 1);
    this.#flushTimer ??= setTimeout(this.#flushCounts, this.#options.countFlushMs).unref();
  }

  readonly #flushCounts = (): void => {
    this.#flushTimer = undefined;
    const counts = [...this.#uncounted];
    this.#uncounted.clear();
    for (const [session, requests] of counts) if (requests > 0 && this.#sessions.get(session.id) === session) this.#touch(session, requests);
  };

  /** Shared: counts on the record; a record gone means the session ended elsewhere, a count past the limit ends it here for all. */
  #touch(session: S, requests: number): void {
    const shared = this.#options.shared!;
    void this.#write(async () => {
      const counted = await shared.touch(session.id, requests, this.#options.idleTimeoutMs, session.owner);
      if (counted === undefined) this.end(session, "released");
      else {
        session.requests = Math.max(session.requests, counted);
        if (counted > this.#options.maxRequestsPerSession) this.end(session, "request-limit");
      }
    });
  }

  /** A copy of a shared session is only a cache of its record: the oldest idle one always makes room. */
  #evictOldestIdle(): boolean {
    if (this.#options.evict !== "oldest-idle" && this.#options.shared === undefined) return false;
    let oldest: S | undefined;
    for (const session of this.#sessions.values()) {
      if (!session.busy && (oldest === undefined || session.lastSeen < oldest.lastSeen)) oldest = session;
    }
    if (oldest !== undefined) this.end(oldest, "evicted");
    return oldest !== undefined;
  }

  #save(session: S): void {
    const record = session.record();
    void this.#write(() => this.#options.store.save(record, this.#options.idleTimeoutMs));
  }

  /** Runs a store write, counted for `flush()`; the promise settles (never rejects) once it is done or failed. */
  #write(operation: () => Promise<void>): Promise<void> {
    this.#pendingWrites++;
    let written: Promise<void>;
    try {
      written = operation();
    } catch (error) {
      written = Promise.reject(error);
    }
    return written.then(this.#written, this.#failed);
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

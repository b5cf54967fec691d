/**
 * The in-memory session map: cryptographically random ids, a cap on how many
 * exist, and an unref'd sweep that ends sessions idle for longer than the timeout.
 * Sessions with a request running or a stream open are never idle.
 */
import { randomUUID } from "node:crypto";
import type { ServerLogger } from "../../observability/logger.js";
import { Session } from "./session.js";

export interface SessionLimits {
  readonly idleTimeoutMs: number;
  readonly maxSessions: number;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #sweep: NodeJS.Timeout;

  constructor(
    private readonly limits: SessionLimits,
    private readonly logger: ServerLogger,
    /** Tells the server the session's peer is gone. */
    private readonly onEnd: (session: Session) => void,
  ) {
    this.#sweep = setInterval(() => this.#expire(), Math.min(limits.idleTimeoutMs, 60_000)).unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** A new stored session, or undefined when the cap is reached. */
  create(): Session | undefined {
    if (this.#sessions.size >= this.limits.maxSessions) return undefined;
    // randomUUID: 122 random bits from the CSPRNG, visible ASCII only (basic/transports).
    const session = new Session(randomUUID(), this.logger);
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id; touching it postpones its expiry. */
  get(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session) session.lastSeen = Date.now();
    return session;
  }

  end(session: Session): void {
    if (this.#sessions.get(session.id) !== session) return;
    this.#sessions.delete(session.id);
    session.close();
    this.onEnd(session);
  }

  #expire(): void {
    const cutoff = Date.now() - this.limits.idleTimeoutMs;
    for (const session of this.#sessions.values()) {
      if (!session.busy && session.lastSeen < cutoff) this.end(session);
    }
  }

  /** Ends every session and stops the sweep. */
  close(): void {
    clearInterval(this.#sweep);
    for (const session of this.#sessions.values()) this.end(session);
  }
}

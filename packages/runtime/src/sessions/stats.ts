/** Session analytics: counters the manager keeps, read as one snapshot. */
import type { SessionEndReason } from "./options.js";

export interface SessionStats {
  /** Sessions held now. */
  readonly active: number;
  /** Sessions opened since the manager started. */
  readonly created: number;
  /** Sessions ended, for any reason (the ones below included). */
  readonly ended: number;
  /** Ended because they were idle longer than the timeout. */
  readonly expired: number;
  /** Ended because they used up `maxRequestsPerSession`. */
  readonly requestLimited: number;
  /** Ended to make room (`evict: "oldest-idle"`). */
  readonly evicted: number;
  /** Opens refused with `server_busy` because `maxSessions` was reached. */
  readonly refused: number;
  /** Mean lifetime of the ended sessions in milliseconds; 0 before any ended. */
  readonly averageDurationMs: number;
  /** Requests counted across all sessions, ended ones included. */
  readonly requests: number;
  /** Shared sessions: sessions another instance opened that this one took up. */
  readonly restored: number;
  /** Shared sessions: copies this instance let go of while the session lives on. */
  readonly released: number;
}

export class SessionCounters {
  created = 0;
  ended = 0;
  expired = 0;
  requestLimited = 0;
  evicted = 0;
  refused = 0;
  requests = 0;
  restored = 0;
  released = 0;
  #durationMs = 0;

  recordEnd(durationMs: number, reason: SessionEndReason): void {
    if (reason === "released") {
      this.released++;
      return;
    }
    this.ended++;
    this.#durationMs += durationMs;
    if (reason === "expired") this.expired++;
    else if (reason === "request-limit") this.requestLimited++;
    else if (reason === "evicted") this.evicted++;
  }

  snapshot(active: number): SessionStats {
    return {
      active,
      created: this.created,
      ended: this.ended,
      expired: this.expired,
      requestLimited: this.requestLimited,
      evicted: this.evicted,
      refused: this.refused,
      averageDurationMs: this.ended === 0 ? 0 : this.#durationMs / this.ended,
      requests: this.requests,
      restored: this.restored,
      released: this.released,
    };
  }
}

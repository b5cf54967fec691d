/**
 * What the session manager keeps per session, as the base class of each transport's
 * session: one object per session, no closures or timers of its own (the manager's
 * single sweep handles expiry), so an idle session costs a few hundred bytes.
 */
import type { SessionRecord } from "./store.js";
import type { SessionEndReason } from "./options.js";

export class ManagedSession {
  readonly created = Date.now();
  /** Last use; transports also stamp it when a request or stream ends, so idleness counts from then. */
  lastSeen = this.created;
  /** Requests counted by `SessionManager.use()`, the opening one included. */
  requests = 1;
  /**
   * Who opened the session (`ownerKey`: identity and tenant); every later request must
   * come from the same owner, or the id alone would be a bearer credential.
   */
  owner: string | undefined;
  /** What `initialize` negotiated, once it has. */
  protocolVersion: string | undefined;

  constructor(readonly id: string) {}

  /** True while a request runs or a stream is open: a busy session is never idle. */
  get busy(): boolean {
    return false;
  }

  /** Ends the session's streams; the manager calls it once, when the session ends (or, shared, is released here). */
  close(_reason?: SessionEndReason): void {}

  /** A snapshot for the store. */
  record(): SessionRecord {
    return {
      id: this.id,
      created: this.created,
      lastSeen: this.lastSeen,
      requests: this.requests,
      ...(this.owner === undefined ? {} : { owner: this.owner }),
      ...(this.protocolVersion === undefined ? {} : { protocolVersion: this.protocolVersion }),
    };
  }
}

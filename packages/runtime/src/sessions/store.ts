/**
 * What a session store holds: one small record per session, data only. The live
 * parts of a session (its streams, the server's connection state) stay in the
 * process that serves it; the store is the view every instance shares, so several
 * instances behind one load balancer can see which sessions exist and how much they
 * are used.
 */

export interface SessionRecord {
  /** The `Mcp-Session-Id` (or legacy `sessionId`): crypto-random, visible ASCII. */
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly created: number;
  /** When the session was last used (milliseconds since the epoch). */
  readonly lastSeen: number;
  /** Requests served so far, the one that opened the session included. */
  readonly requests: number;
  /** The owner the session is bound to (identity and tenant, see `ownerKey`), if any. */
  readonly owner?: string;
  /** The protocol version `initialize` negotiated; absent until then. */
  readonly protocolVersion?: string;
}

/**
 * Storage for session records. Every write carries the time to live, the manager's
 * idle timeout: a record not written again within it disappears, which is how the
 * records of an instance that died go away. Implementations must keep the order of
 * writes one caller makes (a `delete` after a `save` wins).
 */
export interface SessionStore {
  /** Creates or replaces the record; it expires `ttlMs` after this write. */
  save(record: SessionRecord, ttlMs: number): Promise<void>;
  /** The record, or undefined when there is none or it expired. */
  get(id: string): Promise<SessionRecord | undefined>;
  delete(id: string): Promise<void>;
  /** How many records exist (have not expired). */
  count(): Promise<number>;
  /** Every record that has not expired, in no particular order. */
  list(): Promise<SessionRecord[]>;
}

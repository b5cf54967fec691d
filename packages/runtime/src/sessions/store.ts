/**
 * What a session store holds: one small record per session, data only. The live
 * parts of a session (its streams, pending requests) stay in the process that holds
 * them. With a shared store (`SharedSessionStore`) the record also carries the
 * protocol state, and any instance behind a load balancer can serve the session.
 */
import type { LogLevel } from "../handlers/context.js";

export interface SessionRecord extends SharedSessionFields {
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
 * What a session's instances share besides the counts: the state `initialize`,
 * `logging/setLevel` and `resources/subscribe` set (see `SessionState` in the protocol core).
 */
export interface SharedSessionFields {
  /** The client's capabilities from `initialize`; absent until then. */
  readonly clientCapabilities?: Readonly<Record<string, unknown>>;
  /** The log level the client set (or the default); absent until `initialize`. */
  readonly logLevel?: LogLevel;
  /** The resources the client subscribed to (`resources/subscribe`), as the protocol core keys them. */
  readonly subscriptions?: readonly string[];
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
  /** Deletes the record; `owner` is the record's (a shared store stops counting it for that owner). */
  delete(id: string, owner?: string): Promise<void>;
  /** How many records exist (have not expired). */
  count(): Promise<number>;
  /** Every record that has not expired, in no particular order. */
  list(): Promise<SessionRecord[]>;
}

/**
 * A store several instances serve sessions from (`SessionManager`'s `shared` mode):
 * besides whole records, it counts each request against the one record every
 * instance sees, so `maxRequestsPerSession` and idle expiry hold for the session,
 * not for each instance's share of it.
 */
export interface SharedSessionStore extends SessionStore {
  /**
   * Counts `requests` more (0 only renews), stamps `lastSeen` and renews the TTL of an
   * existing record, atomically; resolves the requests counted so far, or undefined
   * when there is no record (the session ended on another instance, or expired).
   * Never creates a record.
   */
  touch(id: string, requests: number, ttlMs: number, owner?: string): Promise<number | undefined>;
  /**
   * The first write of a session's record, as `save`, unless its owner already holds
   * `maxPerOwner` live sessions on any instance: then nothing is written and it
   * resolves false. Atomic, so two instances cannot both hand out an owner's last one.
   * `touch` with the owner keeps the session counted for as long as its record lives.
   */
  claim(record: SessionRecord, ttlMs: number, maxPerOwner: number): Promise<boolean>;
}

/**
 * Where the events of a session's SSE streams are kept so a client can resume a
 * stream with `Last-Event-ID` after its connection broke (basic/transports,
 * "Resumability and Redelivery"), on any instance when the store is shared. Each
 * stream's events carry increasing sequence numbers; the last one of a POST stream
 * (its reply) is marked as its end, so a resumed stream knows when it is done.
 */
import { DEFAULT_EVENT_STORE_MAX_STREAMS, DEFAULT_EVENT_STREAM_MAX_EVENTS } from "../config/defaults.js";

export interface StoredEvent {
  readonly seq: number;
  /** The JSON-RPC message as sent; empty on the priming event that opens a stream, absent on the marker that ends it. */
  readonly json?: string;
}

export interface EventStore {
  /**
   * Appends an event (`json` undefined: the stream's end) with a `seq` above the
   * stream's previous ones; the stream expires `ttlMs` after its last append.
   * Implementations must keep the order of one caller's appends.
   */
  append(sessionId: string, streamId: string, seq: number, json: string | undefined, ttlMs: number): Promise<void>;
  /** The stream's events after `seq`, in order (empty when none came since); undefined when there is no such stream (never was, or expired). */
  after(sessionId: string, streamId: string, seq: number): Promise<StoredEvent[] | undefined>;
  /** Forgets every stream of a session (it ended). */
  deleteSession(sessionId: string): Promise<void>;
}

export interface MemoryEventStoreOptions {
  /** Events kept per stream; default 1,000. */
  readonly maxEventsPerStream?: number;
  /** Streams kept at once; default 10,000. */
  readonly maxStreams?: number;
}

interface Stream {
  readonly events: StoredEvent[];
  expires: number;
}

/**
 * The default event store: this process only, bounded in streams and events per
 * stream. Enough for one instance; several need a shared one (`RedisEventStore`).
 */
export class MemoryEventStore implements EventStore {
  /** Insertion order is last-append order (a stream is moved to the end on append), so the first is the one to drop. */
  readonly #streams = new Map<string, Stream>();
  readonly #maxEvents: number;
  readonly #maxStreams: number;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.#maxEvents = positive("maxEventsPerStream", options.maxEventsPerStream, DEFAULT_EVENT_STREAM_MAX_EVENTS);
    this.#maxStreams = positive("maxStreams", options.maxStreams, DEFAULT_EVENT_STORE_MAX_STREAMS);
  }

  async append(sessionId: string, streamId: string, seq: number, json: string | undefined, ttlMs: number): Promise<void> {
    const key = `${sessionId}\u0000${streamId}`;
    const now = Date.now();
    let stream = this.#streams.get(key);
    if (stream === undefined || stream.expires <= now) stream = { events: [], expires: 0 };
    this.#streams.delete(key);
    stream.events.push(json === undefined ? { seq } : { seq, json });
    if (stream.events.length > this.#maxEvents) stream.events.splice(0, stream.events.length - this.#maxEvents);
    stream.expires = now + ttlMs;
    this.#streams.set(key, stream);
    for (const [oldest, held] of this.#streams) {
      if (this.#streams.size <= this.#maxStreams && held.expires > now) break;
      this.#streams.delete(oldest);
    }
  }

  async after(sessionId: string, streamId: string, seq: number): Promise<StoredEvent[] | undefined> {
    const stream = this.#streams.get(`${sessionId}\u0000${streamId}`);
    if (stream === undefined || stream.expires <= Date.now()) return undefined;
    return stream.events.filter((event) => event.seq > seq);
  }

  async deleteSession(sessionId: string): Promise<void> {
    const prefix = `${sessionId}\u0000`;
    for (const key of this.#streams.keys()) if (key.startsWith(prefix)) this.#streams.delete(key);
  }
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

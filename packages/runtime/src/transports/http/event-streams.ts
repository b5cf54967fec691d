/**
 * Resumable SSE streams of the session era (basic/transports, "Resumability and
 * Redelivery"). Each stream a session opens (a POST that turned into SSE, or the GET
 * stream) gets an id; each event on it is numbered, kept in the event store, and sent
 * with the SSE id `<stream>_<number>`. A client that lost the connection sends GET
 * with `Last-Event-ID`; the events after it are replayed and the stream goes on
 * there, on whichever instance the GET reaches:
 *
 * - A POST stream's request runs on where its POST arrived, so its events are also
 *   published on the bus; a resumed copy subscribes before it reads the store, so no
 *   event falls in between (the store and the bus share one Redis connection, which
 *   keeps each event's append ahead of its publish). Its reply ends it.
 * - The GET stream has one writer, the instance holding it; a resumed GET stream
 *   carries on its numbering. Messages sent while no instance holds it are not kept.
 */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { ClusterBus } from "../../cluster/bus.js";
import { isRecord } from "../../protocol/is-record.js";
import type { ServerLogger } from "../../protocol/logger.js";
import type { EventStore, StoredEvent } from "../../sessions/event-store.js";
import { endSse, startSse, writeEvent, writePriming } from "./sse.js";

const EVENT_ID = /^([pg][0-9a-f]{12})_(\d{1,15})$/;
const topicOf = (sessionId: string, streamId: string): string => `events:${sessionId}:${streamId}`;
const eventId = (streamId: string, seq: number): string => `${streamId}_${seq}`;

/** Where a client's `Last-Event-ID` points: a stream (a POST's or the GET stream) and the last event it has. */
export interface LastEvent {
  readonly kind: "post" | "get";
  readonly streamId: string;
  readonly seq: number;
}

/** A `Last-Event-ID` this server issued, or undefined for anything else. */
export function parseEventId(value: string): LastEvent | undefined {
  const match = EVENT_ID.exec(value);
  if (match === null) return undefined;
  const streamId = match[1]!;
  return { kind: streamId.startsWith("p") ? "post" : "get", streamId, seq: Number(match[2]) };
}

/** Numbers one stream's events and keeps them; `live` streams (POST) also publish them for a resumed copy elsewhere. */
export class StreamCursor {
  #seq: number;

  constructor(
    readonly id: string,
    private readonly sessionId: string,
    private readonly streams: ResumableStreams,
    private readonly live: boolean,
    seq = 0,
  ) {
    this.#seq = seq;
  }

  /** The id of the last event (the priming event's, before any). */
  get current(): string {
    return eventId(this.id, this.#seq);
  }

  /** Keeps the priming event (no message) that opens the stream, so a client may resume from it at once; its SSE id. */
  prime(): string {
    this.streams.record(this.sessionId, this.id, this.#seq, "", false);
    return eventId(this.id, this.#seq);
  }

  /** Keeps `json` as the stream's next event; its SSE id. */
  next(json: string): string {
    const seq = ++this.#seq;
    this.streams.record(this.sessionId, this.id, seq, json, this.live);
    return eventId(this.id, seq);
  }

  /** The stream is done (its reply went out, or its request ended without one). */
  end(): void {
    this.streams.record(this.sessionId, this.id, ++this.#seq, undefined, this.live);
  }
}

export class ResumableStreams {
  #failing = false;

  constructor(
    private readonly store: EventStore,
    private readonly bus: ClusterBus,
    private readonly ttlMs: number,
    private readonly logger: ServerLogger,
  ) {}

  /** A POST stream's cursor. */
  post(sessionId: string): StreamCursor {
    return new StreamCursor(`p${randomBytes(6).toString("hex")}`, sessionId, this, true);
  }

  /** A new GET stream's cursor. */
  get(sessionId: string): StreamCursor {
    return new StreamCursor(`g${randomBytes(6).toString("hex")}`, sessionId, this, false);
  }

  /** @internal Appends behind the stream (a store that fails is reported once per outage); a live stream's event is published too. */
  record(sessionId: string, streamId: string, seq: number, json: string | undefined, live: boolean): void {
    this.store.append(sessionId, streamId, seq, json, this.ttlMs).then(this.#appended, this.#failed);
    if (live) void this.bus.publish(topicOf(sessionId, streamId), JSON.stringify(json === undefined ? { seq } : { seq, json }));
  }

  deleteSession(sessionId: string): void {
    this.store.deleteSession(sessionId).catch(this.#failed);
  }

  /**
   * Resumes the session's GET stream on `res`: the events after `last` that the
   * instance holding it had written, then `attach` makes `res` the GET stream,
   * numbering on. False when that stream is no longer kept (the caller opens a new one).
   */
  async resumeGet(sessionId: string, { streamId, seq }: LastEvent, res: ServerResponse, attach: (cursor: StreamCursor) => void): Promise<boolean> {
    const missed = await this.#read(sessionId, streamId, seq);
    if (missed === undefined || res.destroyed) return false;
    startSse(res);
    let at = seq;
    for (const event of missed) {
      if (event.json !== undefined && event.json !== "") writeEvent(res, event.json, eventId(streamId, event.seq));
      at = event.seq;
    }
    attach(new StreamCursor(streamId, sessionId, this, false, at));
    return true;
  }

  /**
   * Resumes a POST stream on `res`: its events after `last`, then the ones its request
   * (running here or on another instance) still sends, up to its reply, which ends
   * `res`. False when that stream is no longer kept.
   */
  async resumePost(sessionId: string, { streamId, seq }: LastEvent, res: ServerResponse): Promise<boolean> {
    let at = seq;
    let replaying = true;
    const waiting: StoredEvent[] = [];
    const write = (event: StoredEvent): void => {
      if (event.seq <= at) return;
      at = event.seq;
      if (event.json === undefined) endSse(res);
      else if (event.json !== "") writeEvent(res, event.json, eventId(streamId, event.seq));
    };
    const subscription = this.bus.subscribe(topicOf(sessionId, streamId), (text) => {
      const event = parseEvent(text);
      if (event === undefined) return;
      if (replaying) waiting.push(event);
      else write(event);
    });
    res.once("close", () => subscription.close());
    await subscription.ready;
    const stored = await this.#read(sessionId, streamId, seq);
    if (stored === undefined || res.destroyed) {
      subscription.close();
      return false;
    }
    startSse(res);
    writePriming(res, eventId(streamId, seq));
    replaying = false;
    for (const event of [...stored, ...waiting].sort((a, b) => a.seq - b.seq)) write(event);
    return true;
  }

  async #read(sessionId: string, streamId: string, seq: number): Promise<StoredEvent[] | undefined> {
    try {
      return await this.store.after(sessionId, streamId, seq);
    } catch (error) {
      this.#failed(error);
      return undefined;
    }
  }

  readonly #appended = (): void => {
    if (this.#failing) this.logger.warn("event store writes succeed again");
    this.#failing = false;
  };

  readonly #failed = (error: unknown): void => {
    if (!this.#failing) this.logger.error("event store failed; streams cannot be resumed until it recovers", error);
    this.#failing = true;
  };
}

function parseEvent(text: string): StoredEvent | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value) || !Number.isSafeInteger(value.seq) || (value.json !== undefined && typeof value.json !== "string")) return undefined;
    return value as unknown as StoredEvent;
  } catch {
    return undefined;
  }
}

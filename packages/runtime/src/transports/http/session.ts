/**
 * One MCP session: the peer the server sends through (the session itself), the
 * POSTed requests waiting for their replies, and at most one standalone GET stream.
 * Kept small: the manager's few fields, a logger reference and one map that is empty
 * when the session is idle; no closures until a stream opens.
 */
import type { ServerResponse } from "node:http";
import type { ServerLogger } from "../../protocol/logger.js";
import type { Peer } from "../../protocol/connection.js";
import { encodeOrDrop } from "../../protocol/encode.js";
import { McpError } from "../../protocol/errors.js";
import { errorResponse, type JsonRpcBatchReply, type JsonRpcId, type JsonRpcMessage } from "../../protocol/jsonrpc.js";
import { ManagedSession } from "../../sessions/managed-session.js";
import type { Exchange } from "./exchange.js";
import { DEFAULT_SSE_RETRY_MS } from "../../config/defaults.js";
import type { SessionEndReason } from "../../sessions/options.js";
import { closeForRetry, endSse, writeEvent, writePriming } from "./sse.js";
import type { StreamCursor } from "./event-streams.js";
import type { SessionRelay } from "./session-relay.js";

function isResponse(message: JsonRpcMessage): message is Extract<JsonRpcMessage, { error: unknown } | { result: unknown }> {
  return !("method" in message);
}

function isBatchReply(message: JsonRpcMessage | JsonRpcBatchReply): message is JsonRpcBatchReply {
  return Array.isArray(message);
}

export class Session extends ManagedSession implements Peer {
  /** Client requests being served, by JSON-RPC id. */
  readonly exchanges = new Map<JsonRpcId, Exchange>();
  /** The GET stream for messages that belong to no request. */
  standalone: ServerResponse | undefined;
  /** Numbers and keeps the GET stream's events when streams are resumable. */
  #cursor: StreamCursor | undefined;

  constructor(
    id: string,
    private readonly logger: ServerLogger,
    /** Shared sessions: how messages reach a GET stream another instance holds. */
    private readonly relay?: SessionRelay,
  ) {
    super(id);
  }

  /** The server's handle on this session: the session itself, so a session costs no extra object. */
  get peer(): Peer {
    return this;
  }

  /** A shared session's change notifications go out from the instance holding its GET stream (see `Peer.delivers`). */
  get delivers(): boolean {
    return this.relay === undefined || this.standalone !== undefined;
  }

  override get busy(): boolean {
    return this.exchanges.size > 0 || this.standalone !== undefined;
  }

  /**
   * Each message goes on exactly one stream (the spec forbids broadcasting): a reply
   * on its request's response; a related message on that request's stream while it
   * is open, else on the GET stream; anything else on the GET stream. A message with
   * no open stream is dropped: without resumability nobody could fetch it later. A
   * shared session's GET stream may be on another instance: the relay takes it there.
   */
  send(message: JsonRpcMessage | JsonRpcBatchReply, related?: JsonRpcId): void {
    // A batch's requests share one exchange (post.ts registers it under each id).
    if (isBatchReply(message)) {
      if (related !== undefined) this.exchanges.get(related)?.respond(message);
      return;
    }
    if (isResponse(message)) {
      if (message.id != null) this.exchanges.get(message.id)?.respond(message);
      return;
    }
    const json = encodeOrDrop(message, this.logger);
    if (json === undefined) return;
    const exchange = related === undefined ? undefined : this.exchanges.get(related);
    if (exchange?.open) exchange.push(json);
    else if (this.standalone) this.writeStandalone(json);
    else this.relay?.toStream(this.id, json);
  }

  /** `ctx.closeStream()`: the request's resumable stream closes its connection with a `retry`. */
  closeStream(relatedRequestId: JsonRpcId, retryMs: number): boolean {
    return this.exchanges.get(relatedRequestId)?.closeForRetry(retryMs) ?? false;
  }

  /** Writes a message on the GET stream (numbered and kept when resumable). */
  writeStandalone(json: string): void {
    if (this.standalone) writeEvent(this.standalone, json, this.#cursor?.next(json));
  }

  /**
   * Opens the standalone stream; a newer GET replaces an older one (a reconnect).
   * `cursor`: it is resumable; `primed`: a new stream, whose priming event goes first.
   */
  attach(res: ServerResponse, cursor?: StreamCursor, primed = false): void {
    // Already gone: keeping it would mark the session busy forever.
    if (res.destroyed) return;
    if (this.standalone) endSse(this.standalone);
    this.standalone = res;
    this.#cursor = cursor;
    if (primed && cursor !== undefined) writePriming(res, cursor.prime());
    res.on("close", () => {
      if (this.standalone === res) this.standalone = undefined;
      this.lastSeen = Date.now();
    });
  }

  /** A newer GET stream opened on another instance: this one ends, as a newer GET here would end it. */
  endStandalone(): void {
    if (this.standalone) endSse(this.standalone);
    this.standalone = undefined;
  }

  /**
   * Ends every stream; requests still running get no reply over HTTP. A resumable GET
   * stream of a shared session that lives on (this instance shuts down, or lets its
   * copy go) is closed with a `retry`, so the client resumes it on another instance.
   */
  override close(reason?: SessionEndReason): void {
    if (this.standalone) {
      if (this.#cursor !== undefined && reason === "released") closeForRetry(this.standalone, DEFAULT_SSE_RETRY_MS);
      else endSse(this.standalone);
    }
    this.standalone = undefined;
    const ended = new McpError("connection_closed", "Session ended before the request finished");
    for (const [id, exchange] of this.exchanges) exchange.finish(errorResponse(id, ended));
    this.exchanges.clear();
  }
}

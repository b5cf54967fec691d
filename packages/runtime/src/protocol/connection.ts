/**
 * Protocol state a request is served with: the version, the client's capabilities
 * and log level, the requests in flight (so `notifications/cancelled` can abort
 * them) and the requests the server has sent to the client.
 *
 * A legacy connection (≤ 2025-11-25) lives as long as its stdio process or HTTP
 * session, and `initialize` fills it in. A 2026-07-28 request gets a connection of
 * its own (`Connection.stateless`), filled in from its `_meta`: nothing carries over
 * between requests, as the stateless protocol requires.
 */
import { LazyAbort } from "./lazy-abort.js";
import { DEFAULT_LOG_LEVEL } from "../config/defaults.js";
import type { LogLevel } from "../handlers/context.js";
import type { AskRouter, InputRound } from "./input-round.js";
import type { JsonRpcBatchReply, JsonRpcId, JsonRpcMessage, JsonRpcParams } from "./jsonrpc.js";
import { OutboundRequests } from "./outbound.js";
import type { RequestMeta } from "./request-meta.js";
import { LATEST_PROTOCOL_VERSION } from "./versions.js";

const CLOSED = "the client closed the connection";

/** The other end of a transport: the server answers and notifies through it. */
export interface Peer {
  /**
   * `relatedRequestId` names the client request a message belongs to (its reply, or a
   * progress/log notification or server→client request sent while serving it), so a
   * transport with one stream per request (Streamable HTTP) can pick the stream;
   * stdio ignores it. Absent for messages that belong to no request. A batch reply
   * (2025-03-26) comes as one array, with the id of its first reply.
   */
  send(message: JsonRpcMessage | JsonRpcBatchReply, relatedRequestId?: JsonRpcId): void;
  /**
   * False when messages that belong to no request are delivered by another instance:
   * a session shared between instances whose GET stream is held elsewhere. Change
   * notifications then go out from that instance, once. Absent: true.
   */
  readonly delivers?: boolean;
  /**
   * Closes the connection carrying the response to `relatedRequestId` with a `retry`
   * (the client resumes the stream later); false when this transport cannot.
   */
  closeStream?(relatedRequestId: JsonRpcId, retryMs: number): boolean;
}

/** Something that wants change notifications (`notifications/resources/updated`, …). */
export interface ChangeListener {
  notify(method: string, params: JsonRpcParams): void;
  /** False when another instance tells this listener's client (see `Peer.delivers`); absent: true. */
  readonly delivers?: boolean;
}

/**
 * What a legacy connection learnt from `initialize` and `logging/setLevel`: all a
 * request needs from its session, so another instance can serve the session with it.
 */
export interface SessionState {
  readonly protocolVersion: string;
  readonly clientCapabilities: Readonly<Record<string, unknown>>;
  /** Undefined: send no log messages. */
  readonly logLevel: LogLevel | undefined;
  /** What `resources/subscribe` asked for, as the subscription registry keys it (see subscriptions.ts). */
  readonly subscriptions?: readonly string[];
}

export class Connection implements ChangeListener {
  /** Set by `initialize`; until then only `initialize` and `ping` are served. */
  initialized = false;
  protocolVersion: string = LATEST_PROTOCOL_VERSION;
  clientCapabilities: Readonly<Record<string, unknown>> = {};
  /** Threshold for `ctx.log()`; undefined sends nothing (2026-07-28 without a `logLevel`). */
  logLevel: LogLevel | undefined = DEFAULT_LOG_LEVEL;
  /** True for one 2026-07-28 request: the server sends the client no requests of its own. */
  stateless = false;
  /**
   * True for a legacy connection that no session keeps (Streamable HTTP with
   * `sessionMode: "stateless"`): it serves one message and is dropped, so what the
   * client declared at initialize is unknown here and nothing can reach it later.
   */
  sessionless = false;
  /** Where a stateless request's asks collect; only on methods that may answer input-required. */
  inputRound: InputRound | undefined;
  /** When set, decides where the request's asks go (a call that may become a task); else they go to `inputRound`. */
  askRouter: AskRouter | undefined;
  #outbound: OutboundRequests | undefined;
  #closed = false;

  readonly #ended: LazyAbort;

  constructor(
    readonly peer: Peer,
    /** Aborts of the client's requests being served, by JSON-RPC id; shared with the transport's connection. */
    readonly inFlight = new Map<JsonRpcId, LazyAbort>(),
    ended = new LazyAbort(),
  ) {
    this.#ended = ended;
  }

  /**
   * The connection one 2026-07-28 request is served with. It shares the transport
   * connection's in-flight map (so `notifications/cancelled` on stdio reaches it) and
   * its end (so a `subscriptions/listen` stream ends when the client goes).
   */
  static stateless(parent: Connection, meta: RequestMeta): Connection {
    const connection = new Connection(parent.peer, parent.inFlight, parent.#ended);
    connection.initialized = true;
    connection.stateless = true;
    connection.protocolVersion = meta.protocolVersion;
    connection.clientCapabilities = meta.clientCapabilities;
    connection.logLevel = meta.logLevel;
    return connection;
  }

  /** The state to share, once `initialize` succeeded. */
  get state(): SessionState | undefined {
    if (!this.initialized) return undefined;
    return { protocolVersion: this.protocolVersion, clientCapabilities: this.clientCapabilities, logLevel: this.logLevel };
  }

  /** Takes the state another instance shared: the connection is then initialized. */
  restore(state: SessionState): void {
    this.initialized = true;
    this.protocolVersion = state.protocolVersion;
    this.clientCapabilities = state.clientCapabilities;
    this.logLevel = state.logLevel;
  }

  /** Aborted once the transport connection is closed: long-lived requests end then. */
  get ended(): AbortSignal {
    return this.#ended.signal;
  }

  /** Server→client requests; created on first use, as most connections never send one. */
  get outbound(): OutboundRequests {
    if (!this.#outbound) {
      this.#outbound = new OutboundRequests((message, related) => this.send(message, related));
      if (this.#closed) this.#outbound.close(CLOSED);
    }
    return this.#outbound;
  }

  send(message: JsonRpcMessage | JsonRpcBatchReply, relatedRequestId?: JsonRpcId): void {
    this.peer.send(message, relatedRequestId);
  }

  get delivers(): boolean {
    return this.peer.delivers !== false;
  }

  notify(method: string, params: JsonRpcParams): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  /**
   * The peer stopped sending (stdin EOF): server→client requests can never be
   * answered, but replies and notifications still go out; it may read on.
   */
  close(): void {
    this.#closed = true;
    this.#outbound?.close(CLOSED);
    this.#ended.abort();
  }
}

/**
 * One POSTed client request and the HTTP response that must carry its reply.
 *
 * The response starts as nothing. If the reply is the first message for this
 * request, it goes out as one `application/json` body: the common case, and the
 * cheapest (no SSE framing, Content-Length known). If the server sends anything
 * first (progress, a log line, an elicitation request), the response switches to
 * `text/event-stream` at that moment and the reply ends the stream. This choice is
 * exact rather than guessed per method: a `tools/call` that reports nothing needs
 * no stream, and one that does gets it before its first notification.
 */
import type { ServerResponse } from "node:http";
import { encodeMessage, encodeReplyParts } from "../../protocol/encode.js";
import type { JsonRpcBatchReply, JsonRpcResponse } from "../../protocol/jsonrpc.js";
import { sendAccepted, sendJson, type HeaderMap } from "./reply.js";
import { closeForRetry, endSse, startSse, writeEvent, writePriming } from "./sse.js";
import type { StreamCursor } from "./event-streams.js";

export interface ExchangeOptions {
  /** Extra headers for the response (the new session id on initialize). */
  readonly headers?: (response: JsonRpcResponse | undefined) => HeaderMap | undefined;
  /** Status of a JSON reply; default 200 (legacy answers errors in the body only). */
  readonly status?: (response: JsonRpcResponse) => number;
  /**
   * Something to finish before the reply goes out (a shared session's state written to
   * the store); undefined: send at once. It may resolve another reply to send instead
   * (the store refused the session).
   */
  readonly hold?: (response: JsonRpcResponse) => Promise<JsonRpcResponse | undefined> | undefined;
  /**
   * Makes the stream resumable once it turns into SSE (event-streams.ts): its events
   * are numbered and kept, and it goes on after the client's connection breaks, so
   * the client can resume it with `Last-Event-ID`.
   */
  readonly resumable?: () => StreamCursor;
}

const NO_HEADERS = (): undefined => undefined;
const OK = (): number => 200;

export class Exchange {
  #streaming = false;
  #done = false;
  readonly #headers: NonNullable<ExchangeOptions["headers"]>;
  readonly #status: NonNullable<ExchangeOptions["status"]>;
  readonly #hold: ExchangeOptions["hold"];
  readonly #resumable: ExchangeOptions["resumable"];
  #cursor: StreamCursor | undefined;

  constructor(
    readonly res: ServerResponse,
    options: ExchangeOptions = {},
  ) {
    this.#headers = options.headers ?? NO_HEADERS;
    this.#status = options.status ?? OK;
    this.#hold = options.hold;
    this.#resumable = options.resumable;
  }

  /** True once the reply went out (or the request was let go). */
  get done(): boolean {
    return this.#done;
  }

  /** False once the reply went out, or the client hung up on a stream it cannot resume: related messages go elsewhere. */
  get open(): boolean {
    return !this.#done && (!this.res.destroyed || this.#cursor !== undefined);
  }

  /** A notification or server→client request sent while the request runs. */
  push(json: string): void {
    this.#stream();
    writeEvent(this.res, json, this.#cursor?.next(json));
  }

  /**
   * Ends the connection now with a `retry`, the stream going on (SEP-1699 polling): a
   * resumable stream only, which the client resumes with `Last-Event-ID`. A reply not
   * begun yet turns into a stream first, so the client has an event id to resume from.
   */
  closeForRetry(retryMs: number): boolean {
    if (this.#done || this.#resumable === undefined || (!this.#streaming && this.res.destroyed)) return false;
    this.#stream();
    closeForRetry(this.res, retryMs);
    return true;
  }

  #stream(): void {
    if (this.#streaming) return;
    this.#streaming = true;
    startSse(this.res, this.#headers(undefined));
    this.#cursor = this.#resumable?.();
    if (this.#cursor !== undefined) writePriming(this.res, this.#cursor.prime());
  }

  /** The reply (a batch's replies, as one array): a JSON body, or the last event of the stream. */
  respond(response: JsonRpcResponse | JsonRpcBatchReply): void {
    if (this.#done) return;
    this.#done = true;
    const held = Array.isArray(response) ? undefined : this.#hold?.(response as JsonRpcResponse);
    if (held === undefined) this.#write(response);
    else void held.then((replacement) => this.#write(replacement ?? response));
  }

  #write(response: JsonRpcResponse | JsonRpcBatchReply): void {
    if (this.#streaming) {
      const json = encodeMessage(response);
      writeEvent(this.res, json, this.#cursor?.next(json));
      this.#cursor?.end();
      endSse(this.res);
    } else if (Array.isArray(response)) sendJson(this.res, 200, encodeMessage(response));
    else sendJson(this.res, this.#status(response as JsonRpcResponse), encodeReplyParts(response), this.#headers(response as JsonRpcResponse));
  }

  /**
   * Called after the server finished with the request. No reply means the client
   * cancelled it (JSON-RPC forbids answering then): close the stream, or answer 202.
   * `fallback` answers a request cut short by the session ending instead.
   */
  finish(fallback?: JsonRpcResponse): void {
    if (fallback) return this.respond(fallback);
    if (this.#done) return;
    this.#done = true;
    this.#cursor?.end();
    if (this.#streaming) endSse(this.res);
    else sendAccepted(this.res);
  }
}

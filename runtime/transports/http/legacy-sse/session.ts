/**
 * One legacy HTTP+SSE session (2024-11-05 basic/transports, "HTTP with SSE"). Its
 * event stream is the only way server messages reach the client, so the session
 * lives exactly as long as the stream: there is nothing to resume or expire.
 */
import type { ServerResponse } from "node:http";
import type { ServerLogger } from "../../../observability/logger.js";
import type { Peer } from "../../../protocol/connection.js";
import { encodeOrDrop } from "../../../protocol/encode.js";
import { endSse, startSse, writeEvent } from "../sse.js";

/** An SSE comment: clients ignore it, but it is traffic that keeps proxies from cutting an idle stream. */
const KEEP_ALIVE = ": keep-alive\n\n";

export class LegacySseSession {
  /** Every server message goes out on the one stream, whatever request it relates to. */
  readonly peer: Peer;
  readonly #res: ServerResponse;
  #keepAlive: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    res: ServerResponse,
    logger: ServerLogger,
  ) {
    this.#res = res;
    this.peer = {
      send: (message) => {
        const json = encodeOrDrop(message, logger);
        if (json !== undefined) writeEvent(res, json);
      },
    };
  }

  /**
   * Starts the stream with the `endpoint` event, which the spec makes the first
   * thing the client hears: until then it has nowhere to POST.
   */
  open(endpoint: string, keepAliveMs: number): void {
    startSse(this.#res);
    this.#res.write(`event: endpoint\ndata: ${endpoint}\n\n`);
    const res = this.#res;
    this.#keepAlive = setInterval(() => {
      if (!res.writableEnded && !res.destroyed) res.write(KEEP_ALIVE);
    }, keepAliveMs).unref();
  }

  close(): void {
    clearInterval(this.#keepAlive);
    endSse(this.#res);
  }
}

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

export class LegacySseSession {
  /** Every server message goes out on the one stream, whatever request it relates to. */
  readonly peer: Peer;

  constructor(
    readonly id: string,
    private readonly res: ServerResponse,
    logger: ServerLogger,
  ) {
    this.peer = {
      send: (message) => {
        const json = encodeOrDrop(message, logger);
        if (json !== undefined) writeEvent(res, json);
      },
    };
  }

  /**
   * Starts the stream with the `endpoint` event, which the spec makes the first
   * thing the client hears: until then it has nowhere to POST. The SSE writer adds
   * keep-alive comments, so proxies that cut silent connections leave an idle session open.
   */
  open(endpoint: string, keepAliveMs: number): void {
    startSse(this.res, undefined, keepAliveMs);
    this.res.write(`event: endpoint\ndata: ${endpoint}\n\n`);
  }

  close(): void {
    endSse(this.res);
  }
}

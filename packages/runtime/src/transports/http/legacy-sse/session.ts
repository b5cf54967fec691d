/**
 * One legacy HTTP+SSE session (2024-11-05 basic/transports, "HTTP with SSE"). Its
 * event stream is the only way server messages reach the client, so the session
 * lives exactly as long as the stream: it is always busy, and ends when the stream
 * closes (or the manager ends it: request limit, shutdown).
 */
import type { ServerResponse } from "node:http";
import type { ServerLogger } from "../../../protocol/logger.js";
import type { Peer } from "../../../protocol/connection.js";
import { encodeOrDrop } from "../../../protocol/encode.js";
import type { JsonRpcBatchReply, JsonRpcMessage } from "../../../protocol/jsonrpc.js";
import { ManagedSession } from "../../../sessions/managed-session.js";
import type { SessionManager } from "../../../sessions/manager.js";
import { endSse, startSse, writeEvent } from "../sse.js";

export class LegacySseSession extends ManagedSession implements Peer {
  constructor(
    id: string,
    private readonly res: ServerResponse,
    private readonly logger: ServerLogger,
  ) {
    super(id);
  }

  /** The server's handle on this session: the session itself. */
  get peer(): Peer {
    return this;
  }

  /** An open stream is never idle: the session ends with its stream, not by the idle sweep. */
  override get busy(): boolean {
    return true;
  }

  /** Every server message goes out on the one stream, whatever request it relates to. */
  send(message: JsonRpcMessage | JsonRpcBatchReply): void {
    const json = encodeOrDrop(message, this.logger);
    if (json !== undefined) writeEvent(this.res, json);
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

  override close(): void {
    endSse(this.res);
  }
}

export type LegacySseSessions = SessionManager<LegacySseSession>;

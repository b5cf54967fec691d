/**
 * Per-peer protocol state: what initialize negotiated, the client's log level, the
 * requests in flight (so `notifications/cancelled` can abort them) and the requests
 * the server has sent to the client.
 */
import { DEFAULT_LOG_LEVEL } from "../config/defaults.js";
import type { LogLevel } from "../handlers/context.js";
import type { JsonRpcId, JsonRpcMessage } from "./jsonrpc.js";
import { OutboundRequests } from "./outbound.js";
import { LATEST_PROTOCOL_VERSION } from "./versions.js";

/** The other end of a transport: the server answers and notifies through it. */
export interface Peer {
  /**
   * `relatedRequestId` names the client request a message belongs to (its reply, or a
   * progress/log notification or server→client request sent while serving it), so a
   * transport with one stream per request (Streamable HTTP) can pick the stream;
   * stdio ignores it. Absent for messages that belong to no request.
   */
  send(message: JsonRpcMessage, relatedRequestId?: JsonRpcId): void;
}

export class Connection {
  /** Set by `initialize`; until then only `initialize` and `ping` are served. */
  initialized = false;
  protocolVersion: string = LATEST_PROTOCOL_VERSION;
  clientCapabilities: Readonly<Record<string, unknown>> = {};
  logLevel: LogLevel = DEFAULT_LOG_LEVEL;
  /** Abort controllers of the client's requests being served, by JSON-RPC id. */
  readonly inFlight = new Map<JsonRpcId, AbortController>();
  readonly outbound: OutboundRequests;

  constructor(readonly peer: Peer) {
    this.outbound = new OutboundRequests((message, related) => this.send(message, related));
  }

  send(message: JsonRpcMessage, relatedRequestId?: JsonRpcId): void {
    this.peer.send(message, relatedRequestId);
  }

  /**
   * The peer stopped sending (stdin EOF): server→client requests can never be
   * answered, but replies and notifications still go out; it may read on.
   */
  close(): void {
    this.outbound.close("the client closed the connection");
  }
}

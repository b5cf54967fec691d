/**
 * The server's own requests to a client (elicitation, sampling, roots), seen on
 * their way out, so a drain can fail the ones still waiting for an answer without
 * ending the client's session: its next requests are still served while the server
 * drains, and an answer that may take a person minutes must not hold the drain to
 * its deadline.
 */
import type { Peer } from "../protocol/connection.js";
import type { JsonRpcBatchReply, JsonRpcId, JsonRpcMessage, ParsedMessage } from "../protocol/jsonrpc.js";

/** Fails one unanswered request of the server's (by answering it in the client's stead). */
export type FailServerRequest = (peer: WatchedPeer, id: JsonRpcId) => void;

/** Stands for a transport's peer in front of the server, remembering which requests to it are unanswered. */
export class WatchedPeer implements Peer {
  /** Unanswered request id → the client request it was sent while serving (how HTTP finds the stream). */
  readonly #pending = new Map<JsonRpcId, JsonRpcId | undefined>();
  #fail: FailServerRequest | undefined;

  constructor(readonly inner: Peer) {}

  /** The transport's answer: a shared session's GET stream may be on another instance (see `Peer.delivers`). */
  get delivers(): boolean {
    return this.inner.delivers !== false;
  }

  send(message: JsonRpcMessage | JsonRpcBatchReply, relatedRequestId?: JsonRpcId): void {
    if (Array.isArray(message) || !("method" in message)) return this.inner.send(message, relatedRequestId);
    if ("id" in message) {
      const fail = this.#fail;
      // Failing: the client is not asked at all, so nobody is shown a question that can no longer be answered.
      if (fail !== undefined) {
        queueMicrotask(() => fail(this, message.id));
        return;
      }
      this.#pending.set(message.id, relatedRequestId);
    } else if (message.method === "notifications/cancelled") {
      const requestId = message.params?.requestId;
      if (typeof requestId === "string" || typeof requestId === "number") this.#pending.delete(requestId);
    }
    this.inner.send(message, relatedRequestId);
  }

  /** Forgets the requests that `message` (from the client) answers. */
  answered(message: ParsedMessage): void {
    if (message.kind === "response" && message.message.id != null) this.#pending.delete(message.message.id);
    else if (message.kind === "batch") for (const item of message.items) this.answered(item);
  }

  /** Fails the unanswered requests (telling the client they are cancelled) and, from now on, every new one. */
  failRequests(fail: FailServerRequest, reason: string): void {
    this.#fail = fail;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const [id, related] of pending) {
      this.inner.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason } }, related);
      fail(this, id);
    }
  }
}

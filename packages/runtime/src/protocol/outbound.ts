/**
 * Server→client requests (`elicitation/create`, `sampling/createMessage`,
 * `roots/list`), correlated with the client's responses by id.
 */
import { randomBytes } from "node:crypto";
import { McpError } from "./errors.js";
import type { JsonRpcId, JsonRpcMessage, JsonRpcParams, JsonRpcResponse } from "./jsonrpc.js";

interface Pending {
  readonly method: string;
  resolve(result: JsonRpcParams): void;
  reject(error: McpError): void;
}

export class OutboundRequests {
  #nextId = 1;
  /**
   * Random per connection, so ids are unique across the instances that serve one
   * session: a client's answer may reach any of them, and only the one that asked
   * settles it.
   */
  readonly #prefix = `srv-${randomBytes(4).toString("hex")}-`;
  readonly #pending = new Map<JsonRpcId, Pending>();
  #closedReason: string | undefined;

  constructor(private readonly send: (message: JsonRpcMessage, relatedRequestId?: JsonRpcId) => void) {}

  /**
   * Sends a request; aborting `signal` rejects it and tells the client to stop.
   * `relatedRequestId` is the client request being served, if any (see `Peer.send`).
   */
  request(method: string, params: JsonRpcParams, signal: AbortSignal, relatedRequestId?: JsonRpcId): Promise<JsonRpcParams> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.#closedReason !== undefined) return Promise.reject(new McpError("connection_closed", `${method} failed: ${this.#closedReason}`));
    // Prefixed string ids keep server requests apart from client ids in logs.
    const id = this.#prefix + String(this.#nextId++);
    return new Promise<JsonRpcParams>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.#pending.delete(id)) return;
        this.send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason: "request aborted" } }, relatedRequestId);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      const done = (): void => signal.removeEventListener("abort", onAbort);
      this.#pending.set(id, {
        method,
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      this.send({ jsonrpc: "2.0", id, method, params }, relatedRequestId);
    });
  }

  /** Settles the matching request; returns false for a response nobody waits for. */
  settle(response: JsonRpcResponse): boolean {
    if (response.id == null) return false;
    const pending = this.#pending.get(response.id);
    if (!pending) return false;
    this.#pending.delete(response.id);
    if ("result" in response) pending.resolve(response.result);
    else {
      const { code, message } = response.error;
      pending.reject(new McpError("peer_error", `client answered ${pending.method} with error ${code}: ${message}`, { code }));
    }
    return true;
  }

  /** Rejects what is pending and everything sent later. */
  close(reason: string): void {
    this.#closedReason = reason;
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.reject(new McpError("connection_closed", `${pending.method} failed: ${reason}`));
    }
  }
}

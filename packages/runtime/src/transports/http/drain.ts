/**
 * Graceful close of the `node:http` server behind `listenHttp`. Draining refuses
 * new requests with 503 `server_shutting_down` (a JSON-RPC body, `Connection:
 * close`, so a kept-alive client reconnects elsewhere) and waits for the ones
 * already accepted: POSTs until their response is done, messages handed to the
 * server (legacy HTTP+SSE answers 202 first) until it has handled them. Long-lived
 * GET streams are not waited for; they end with the sessions.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { DEFAULT_HTTP_CLOSE_GRACE_MS } from "../../config/defaults.js";
import { settlesWithin } from "../../lifecycle/in-flight.js";
import type { TrackedServer } from "../../lifecycle/tracked-server.js";
import { sendError } from "./reply.js";
import { endSse } from "./sse.js";

const CLOSE_CONNECTION = { connection: "close" } as const;

export class HttpDrain {
  readonly #responses = new Set<ServerResponse>();
  #draining = false;
  #closing: Promise<void> | undefined;

  constructor(private readonly tracked: TrackedServer) {}

  /** False after answering 503 (draining); otherwise the request is served and counted. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.#draining) {
      sendError(res, "server_shutting_down", "Server is shutting down: retry on another instance", null, CLOSE_CONNECTION);
      return false;
    }
    if (req.method === "GET") return true;
    this.#responses.add(res);
    void this.tracked.inFlight.track(new Promise<void>((resolve) => res.once("close", resolve))).then(() => this.#responses.delete(res));
    return true;
  }

  /**
   * Stops accepting (once; later calls get the same promise), lets requests in flight finish for `drainTimeoutMs`, calls
   * `endStreams` (sessions, GET and SSE streams), answers what still runs with 503,
   * and resolves once every connection is closed (cut after a short grace).
   */
  close(http: Server, drainTimeoutMs: number, endStreams: () => void): Promise<void> {
    this.#closing ??= this.#close(http, drainTimeoutMs, endStreams);
    return this.#closing;
  }

  async #close(http: Server, drainTimeoutMs: number, endStreams: () => void): Promise<void> {
    this.#draining = true;
    const { server, inFlight, peers } = this.tracked;
    // Stops accepting; Node also closes the kept-alive connections that are idle now.
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    // Answers not written yet close their connection, so the client reconnects elsewhere.
    for (const res of this.#responses) if (!res.headersSent) res.setHeader("connection", "close");
    // Long-lived requests (subscriptions/listen) end with their final result.
    server.close();
    // A session's server→client requests (elicitation) can no longer be answered, as
    // its POSTs now get 503: failing them lets the requests waiting on them finish.
    for (const peer of [...peers]) server.disconnect(peer);
    await settlesWithin(inFlight.idle(), drainTimeoutMs);
    endStreams();
    for (const res of this.#responses) {
      if (!res.headersSent) sendError(res, "server_shutting_down", "Server is shutting down: the request did not finish in time", null, CLOSE_CONNECTION);
      else endSse(res);
    }
    http.closeIdleConnections();
    // The grace lets final writes flush before connections that linger are cut.
    const force = setTimeout(() => http.closeAllConnections(), DEFAULT_HTTP_CLOSE_GRACE_MS);
    await closed;
    clearTimeout(force);
  }
}

/**
 * Graceful close of the `node:http` server behind `listenHttp`, made for rolling
 * restarts: no request a client has put on the wire is lost.
 *
 * Draining stops the listener (a new connection is refused, so the client or the
 * balancer connects elsewhere) but still serves requests arriving on connections
 * already open, each answered with `Connection: close` so the client's next request
 * goes elsewhere. A kept-alive connection closes after such an answer, or once it
 * has been idle for a grace period with nothing arriving (connections.ts); never
 * while a request may be on its way. Requests accepted are waited for: POSTs until
 * their response is done, messages handed to the server (legacy HTTP+SSE answers
 * 202 first) until it has handled them. Long-lived GET streams end with the
 * sessions, once nothing else is left. At the deadline, what still runs is answered
 * 503 `server_shutting_down` (or its stream ended) and the connections are cut.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { Server as NetServer } from "node:net";
import { DEFAULT_HTTP_CLOSE_GRACE_MS, DEFAULT_HTTP_DRAIN_ACCEPT_MS, DEFAULT_HTTP_DRAIN_IDLE_MS } from "../../config/defaults.js";
import { settlesWithin } from "../../lifecycle/in-flight.js";
import type { TrackedServer } from "../../lifecycle/tracked-server.js";
import { HttpConnections } from "./connections.js";
import { refuseUnread } from "./linger.js";
import { sendError } from "./reply.js";
import { endSse } from "./sse.js";

const CLOSE_CONNECTION = { connection: "close" } as const;

/** `serving` until `close()`; `draining` (served with `Connection: close`) until the deadline; then `cutting` (503). */
type Phase = "serving" | "draining" | "cutting";

export class HttpDrain {
  /** Admitted requests whose response is not done yet. */
  readonly #responses = new Set<ServerResponse>();
  readonly #connections: HttpConnections;
  #phase: Phase = "serving";
  #closing: Promise<void> | undefined;

  constructor(
    private readonly tracked: TrackedServer,
    private readonly http: Server,
  ) {
    this.#connections = new HttpConnections(http);
  }

  /** False after answering 503 (past the drain deadline); otherwise the request is served and counted. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    this.#connections.request(req, res);
    if (this.#phase === "cutting") {
      refuseUnread(req, res, "server_shutting_down", "Server is shutting down: retry on another instance");
      return false;
    }
    // Served, but its connection closes after the answer: the client's next request goes elsewhere.
    if (this.#phase === "draining") res.setHeader("connection", "close");
    this.#responses.add(res);
    res.once("close", () => this.#responses.delete(res));
    // GET streams live as long as their session: waited for by the connections, not as work in flight.
    if (req.method !== "GET") void this.tracked.inFlight.track(new Promise<void>((resolve) => res.once("close", resolve)));
    return true;
  }

  /**
   * Stops accepting (once; later calls get the same promise) and drains: requests
   * keep being served until nothing but streams is left, or until `drainTimeoutMs`;
   * then `endStreams` (sessions, GET and SSE streams) runs, and the promise resolves
   * once every connection is closed (idle ones once idle for `idleMs`; at the
   * deadline, what still runs is answered 503 and, after a short grace, cut).
   */
  close(drainTimeoutMs: number, endStreams: () => void, idleMs: number = DEFAULT_HTTP_DRAIN_IDLE_MS): Promise<void> {
    this.#closing ??= this.#close(drainTimeoutMs, endStreams, idleMs);
    return this.#closing;
  }

  async #close(drainTimeoutMs: number, endStreams: () => void, idleMs: number): Promise<void> {
    const deadline = Date.now() + drainTimeoutMs;
    const left = (): number => Math.max(0, deadline - Date.now());
    const { http } = this;
    const { server } = this.tracked;
    // Still serving as usual meanwhile: an answer with `Connection: close` now would
    // send its client to connect again, into the queue that closing resets.
    await this.#takeQueued(Math.min(DEFAULT_HTTP_DRAIN_ACCEPT_MS, drainTimeoutMs));
    const closed = new Promise<void>((resolve) => http.once("close", () => resolve()));
    // Stops accepting. Not `http.close()`: it would also close every idle kept-alive
    // connection at once, racing with requests their clients are sending right then.
    NetServer.prototype.close.call(http);
    this.#phase = "draining";
    for (const res of this.#responses) if (!res.headersSent) res.setHeader("connection", "close");
    // Long-lived requests (subscriptions/listen) end with their final result.
    server.close();
    // A person's answer to an elicitation can take longer than any drain: fail those waiting, keep the sessions.
    this.tracked.failServerRequests("Server is shutting down: the answer can no longer be waited for");
    this.#connections.drain(idleMs);
    const quiet = await settlesWithin(this.#quiet(), left());
    endStreams();
    // The streams' connections close like the others: after their grace, or after one more answer.
    if (!quiet || !(await settlesWithin(this.#allClosed(), left()))) this.#cut();
    // The grace lets final writes flush before connections that linger are cut.
    const force = setTimeout(() => http.closeAllConnections(), DEFAULT_HTTP_CLOSE_GRACE_MS);
    await closed;
    clearTimeout(force);
    // Clears the request-timeout timer Node keeps per server, which closing the listener alone leaves running.
    http.close();
  }

  /**
   * Lets Node accept the connections the kernel has queued, until a turn of the event
   * loop takes none (or `maxMs`): closing the listening socket resets every queued
   * connection, whose client has connected and sent its request already.
   */
  async #takeQueued(maxMs: number): Promise<void> {
    const until = Date.now() + maxMs;
    let accepted = true;
    const onConnection = (): void => void (accepted = true);
    this.http.on("connection", onConnection);
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    try {
      // Between two check phases there is always a poll phase, where Node accepts.
      await turn();
      while (accepted && Date.now() < until) {
        accepted = false;
        await turn();
      }
    } finally {
      this.http.off("connection", onConnection);
    }
  }

  /** Resolves once nothing is in flight and every connection is closed or carries only streams. */
  async #quiet(): Promise<void> {
    const { inFlight } = this.tracked;
    for (;;) {
      const busy = inFlight.size > 0;
      if (!busy && this.#connections.quiet) return;
      await (busy ? Promise.race([inFlight.idle(), this.#connections.changed()]) : this.#connections.changed());
    }
  }

  async #allClosed(): Promise<void> {
    while (this.#connections.size > 0) await this.#connections.changed();
  }

  /** The deadline: what still runs gets 503 (a stream under way just ends), and idle connections close now. */
  #cut(): void {
    this.#phase = "cutting";
    for (const res of this.#responses) {
      if (!res.headersSent) sendError(res, "server_shutting_down", "Server is shutting down: the request did not finish in time", null, CLOSE_CONNECTION);
      else endSse(res);
    }
    this.http.closeIdleConnections();
  }
}

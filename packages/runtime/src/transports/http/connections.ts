/**
 * The open connections of a `node:http` server and what each is doing, so a drain
 * closes a kept-alive connection only when it is idle with nothing in transit.
 * Node's `server.close()` closes every idle connection at once, and that races with
 * a request the client is sending on it right then: the client sees ECONNRESET for
 * a request that was never refused. Here, while draining, an idle connection is
 * closed only once it has been idle for a grace period and no byte of a new request
 * has arrived since; a request it carries meanwhile is answered with `Connection: close`
 * (drain.ts), after which Node closes it.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

interface Connection {
  /** Requests received and not yet answered (more than one only when pipelined). */
  requests: number;
  /** GET requests among them: long-lived streams, which end with the sessions rather than here. */
  streams: number;
  /** When it last became idle (accepted, or its last response done). */
  idleSince: number;
  /** `socket.bytesRead` then: more means a request is arriving. */
  bytesRead: number;
  timer: NodeJS.Timeout | undefined;
}

export class HttpConnections {
  readonly #open = new Map<Socket, Connection>();
  #idleMs: number | undefined;
  #waiters: (() => void)[] = [];

  constructor(http: Server) {
    http.on("connection", (socket: Socket) => {
      const connection: Connection = { requests: 0, streams: 0, idleSince: Date.now(), bytesRead: 0, timer: undefined };
      this.#open.set(socket, connection);
      socket.once("close", () => {
        clearTimeout(connection.timer);
        this.#open.delete(socket);
        this.#changed();
      });
      if (this.#idleMs !== undefined) this.#closeWhenIdle(socket, connection);
    });
  }

  /** Counts `req` on its connection until its response is done. */
  request(req: IncomingMessage, res: ServerResponse): void {
    const { socket } = req;
    const connection = this.#open.get(socket);
    if (!connection) return;
    const stream = req.method === "GET";
    connection.requests++;
    if (stream) connection.streams++;
    clearTimeout(connection.timer);
    connection.timer = undefined;
    res.once("close", () => {
      connection.requests--;
      if (stream) connection.streams--;
      if (connection.requests === 0) {
        connection.idleSince = Date.now();
        connection.bytesRead = socket.bytesRead;
        if (this.#idleMs !== undefined) this.#closeWhenIdle(socket, connection);
      }
      this.#changed();
    });
  }

  /** From now on, a connection idle for `idleMs` (counted from when it became idle) is closed. */
  drain(idleMs: number): void {
    if (this.#idleMs !== undefined) return;
    this.#idleMs = idleMs;
    for (const [socket, connection] of this.#open) if (connection.requests === 0) this.#closeWhenIdle(socket, connection);
  }

  /** Every connection is closed, or busy only with streams (GET): nothing else is left to answer. */
  get quiet(): boolean {
    for (const connection of this.#open.values()) if (connection.requests === 0 || connection.requests > connection.streams) return false;
    return true;
  }

  get size(): number {
    return this.#open.size;
  }

  /** Resolves at the next change: a request done, a connection closed. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #changed(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #closeWhenIdle(socket: Socket, connection: Connection): void {
    clearTimeout(connection.timer);
    const idleMs = this.#idleMs ?? 0;
    connection.timer = setTimeout(
      () => {
        connection.timer = undefined;
        if (connection.requests > 0 || socket.destroyed) return;
        // Part of a request has arrived: it is answered with `Connection: close` when the rest
        // comes (a client that never sends it meets Node's request timeout, or the deadline).
        if (socket.bytesRead === connection.bytesRead) socket.destroy();
      },
      Math.max(0, connection.idleSince + idleMs - Date.now()),
    );
  }
}

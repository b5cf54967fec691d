/**
 * What TCP and Unix sockets share: each accepted socket is one peer speaking
 * newline-delimited JSON-RPC (line-stream.ts), and closing ends every socket.
 */
import type { Server, Socket } from "node:net";
import { DEFAULT_SOCKET_CLOSE_GRACE_MS } from "../config/defaults.js";
import type { ServerLogger } from "../protocol/logger.js";
import type { Caller } from "../protocol/caller.js";
import type { McpServer } from "../protocol/create-server.js";
import { serveLineStream, type LineStream } from "./line-stream.js";
import { drainTimeoutOf, type CloseOptions } from "./listener.js";

export interface LineSocketOptions {
  readonly maxLineBytes: number;
  readonly logger: ServerLogger;
  /** Called on each accepted socket before it is served (e.g. TCP keep-alive). */
  readonly prepare?: (socket: Socket) => void;
  /** Who every client is; default anonymous (these sockets carry no credentials). */
  readonly caller?: Caller;
}

/** Serves every connection `listener` accepts; returns the function that closes them all. */
export function serveLineSockets(listener: Server, server: McpServer, options: LineSocketOptions): (close?: CloseOptions) => Promise<void> {
  const open = new Map<Socket, LineStream>();
  listener.on("connection", (socket) => {
    options.prepare?.(socket);
    const stream = serveLineStream(server, {
      input: socket,
      output: socket,
      logger: options.logger,
      maxLineBytes: options.maxLineBytes,
      ...(options.caller === undefined ? {} : { caller: options.caller }),
    });
    open.set(socket, stream);
    socket.once("close", () => open.delete(socket));
    void stream.done.then((why) => {
      // end() sends FIN after the replies already written; the client sees a clean close.
      socket.end();
      if (why === "ended") return;
      // The client may still be sending (the rest of an endless line). Reading and
      // discarding it keeps memory flat, and closing with unread data would send an
      // RST that can destroy the error reply before the client reads it.
      socket.resume();
      setTimeout(() => socket.destroy(), DEFAULT_SOCKET_CLOSE_GRACE_MS).unref();
    });
  });
  return (close) =>
    new Promise<void>((resolve) => {
      // Sockets still serving a request at the deadline are cut; the others have ended by then.
      const force = setTimeout(
        () => {
          for (const socket of open.keys()) socket.destroy();
        },
        drainTimeoutOf(close, DEFAULT_SOCKET_CLOSE_GRACE_MS),
      );
      force.unref();
      // close() stops accepting at once and calls back when the last socket is gone.
      listener.close(() => {
        clearTimeout(force);
        resolve();
      });
      // Long-lived requests (subscriptions/listen) send their final result, then each
      // socket ends once its requests in flight are answered; requests sent meanwhile
      // get -32008 (line-stream.ts).
      server.close();
      for (const stream of open.values()) stream.stop();
    });
}

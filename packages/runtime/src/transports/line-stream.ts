/**
 * Newline-delimited JSON-RPC over a byte stream: one message per line, no embedded
 * newlines (basic/transports, stdio). The spec asks custom transports over byte
 * streams to reuse this framing, so stdio, TCP and Unix sockets share this one
 * implementation. Requests run concurrently, so a client can cancel one or answer
 * the server's own requests while a tool call waits.
 */
import type { Readable, Writable } from "node:stream";
import { refusalWhileDraining } from "../lifecycle/refusal.js";
import type { ServerLogger } from "../protocol/logger.js";
import type { Caller } from "../protocol/caller.js";
import type { Peer } from "../protocol/connection.js";
import { encodePartsOrDrop } from "../protocol/encode.js";
import { McpError } from "../protocol/errors.js";
import { errorResponse, parseBytes } from "../protocol/jsonrpc.js";
import type { McpServer } from "../protocol/create-server.js";

const NEWLINE = 0x0a;

/**
 * Splits bytes into lines. Works on bytes, not text, so a multi-byte character split
 * across chunks survives and the length limit counts what the client actually sent.
 */
export class LineSplitter {
  #parts: Buffer[] = [];
  #size = 0;

  constructor(readonly maxLineBytes: number = Number.POSITIVE_INFINITY) {}

  /** Emits every line `chunk` completes; false once a line exceeds the limit (nothing more is emitted). */
  push(chunk: Buffer, emit: (line: Buffer) => void): boolean {
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, newline);
      if (this.#size + piece.length > this.maxLineBytes) return this.#overflow();
      const line = this.#size === 0 ? piece : Buffer.concat([...this.#parts, piece]);
      this.#parts = [];
      this.#size = 0;
      emit(decode(line));
      start = newline + 1;
    }
    const rest = chunk.subarray(start);
    if (this.#size + rest.length > this.maxLineBytes) return this.#overflow();
    if (rest.length > 0) {
      this.#parts.push(rest);
      this.#size += rest.length;
    }
    return true;
  }

  /** The input ended: a last line without its newline still counts. */
  finish(emit: (line: Buffer) => void): void {
    if (this.#size > 0) emit(decode(Buffer.concat(this.#parts)));
    this.#parts = [];
    this.#size = 0;
  }

  #overflow(): false {
    this.#parts = [];
    this.#size = 0;
    return false;
  }
}

const CARRIAGE_RETURN = 0x0d;

/**
 * CRLF clients (Windows) end lines with `\r\n`; the `\r` is not part of the message.
 * Lines stay bytes: `parseBytes` refuses ones that are not UTF-8.
 */
function decode(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN ? line.subarray(0, -1) : line;
}

/** Spaces, tabs and CRs only: a keep-alive or stray newline, not a message. */
function isBlank(line: Buffer): boolean {
  return line.every((byte) => byte === 0x20 || byte === 0x09 || byte === CARRIAGE_RETURN);
}

/**
 * Holds `output`'s writes from now until this turn of the event loop has run its
 * course, then writes them as one (`writev`). A client with 50 requests in flight
 * sends them in one read; answered one write each, the replies cost a system call
 * apiece, 12% of a stdio server's time. Replies that come later than this turn (a
 * slow handler) are written when they come.
 */
function coalescingWrites(output: Writable): () => void {
  let corked = false;
  const release = (): void => {
    corked = false;
    output.uncork();
  };
  return () => {
    if (corked) return;
    corked = true;
    output.cork();
    setImmediate(release);
  };
}

export interface LineStreamOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly logger: ServerLogger;
  /** Longest line accepted, in bytes; unset means no limit. */
  readonly maxLineBytes?: number;
  /** Who is at the other end; stdio passes `LOCAL`, sockets leave it anonymous. */
  readonly caller?: Caller;
}

/** Why reading stopped: the input ended, a line was too long, or `stop()` was called. */
export type LineStreamEnd = "ended" | "too_long" | "stopped";

export interface LineStream {
  readonly peer: Peer;
  /** Resolves once reading has stopped and every request in flight has been answered. */
  readonly done: Promise<LineStreamEnd>;
  /**
   * Shutdown: requests in flight are still answered, and so are notifications and
   * responses (an elicitation answer a request waits for); new requests get -32008.
   * Reading stops once nothing is in flight.
   */
  stop(): void;
}

/**
 * Serves one peer over a line stream. On a line longer than `maxLineBytes` the
 * client gets a -32007 error with a `null` id and reading stops: what follows is the
 * rest of that line, not a message, so the caller should close the connection.
 */
export function serveLineStream(server: McpServer, options: LineStreamOptions): LineStream {
  const { input, output, logger } = options;
  let writable = true;
  // EPIPE or ECONNRESET when the client has gone: stop writing instead of crashing.
  output.on("error", () => (writable = false));
  const peer: Peer = {
    send(message) {
      if (!writable) return;
      const encoded = encodePartsOrDrop(message, logger);
      if (encoded === undefined) return;
      if (typeof encoded === "string") return void output.write(`${encoded}\n`);
      // A large cached list: its bytes as they are, no new string per reply.
      output.write(encoded.head);
      output.write(encoded.body);
      output.write(`${encoded.tail}\n`);
    },
  };
  const inFlight = new Set<Promise<void>>();
  let draining = false;
  const handleLine = (line: Buffer): void => {
    if (isBlank(line)) return;
    const message = parseBytes(line);
    const refusal = draining ? refusalWhileDraining(message) : undefined;
    if (refusal !== undefined) return peer.send(refusal);
    const task = server.handle(message, peer, options.caller).catch((error: unknown) => logger.error("message handling failed", error));
    inFlight.add(task);
    void task.finally(() => {
      inFlight.delete(task);
      if (draining && inFlight.size === 0) finish("stopped");
    });
  };
  const splitter = new LineSplitter(options.maxLineBytes);
  const coalesce = coalescingWrites(output);
  let finish: (why: LineStreamEnd) => void = () => {};
  const stopped = new Promise<LineStreamEnd>((resolve) => {
    const onData = (chunk: Buffer | string): void => {
      coalesce();
      if (splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk, handleLine)) return;
      const limit = String(splitter.maxLineBytes);
      peer.send(errorResponse(null, new McpError("payload_too_large", `Payload Too Large: a message may be at most ${limit} bytes`)));
      finish("too_long");
    };
    const onEnd = (): void => {
      splitter.finish(handleLine);
      finish("ended");
    };
    // A reset connection emits "close" without "end"; the input is just as finished.
    const onClose = (): void => finish("ended");
    finish = (why) => {
      input.off("data", onData);
      input.off("end", onEnd);
      input.off("close", onClose);
      resolve(why);
    };
    input.on("data", onData);
    input.on("end", onEnd);
    input.on("close", onClose);
    // Errors are followed by "close"; a listener keeps them from being thrown.
    input.on("error", () => {});
  });
  const done = stopped.then(async (why) => {
    // The client cannot answer server→client requests any more, but the replies to
    // its own requests are still written (it may only have closed its end).
    server.disconnect(peer);
    await Promise.allSettled([...inFlight]);
    if (writable && !output.writableEnded) await new Promise<void>((resolve) => output.write("", () => resolve()));
    return why;
  });
  const stop = (): void => {
    draining = true;
    if (inFlight.size === 0) finish("stopped");
  };
  return { peer, done, stop };
}

/**
 * A raw connection to a server under test, for bytes no SDK client would send
 * (malformed JSON, batches, binary frames). Each transport test builds one over its
 * own wire; the shared transport suite drives them all the same way.
 */

export type JsonRpcReply = Record<string, unknown>;

export interface RawChannel {
  /** Sends `text` as one message (a line, a text frame, a POST body); resolves with the reply whose id is `id`. */
  exchange(text: string, id: string | number | null): Promise<JsonRpcReply>;
  /** Sends `text` as one message that gets no reply (a notification). */
  send(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Replies that arrived on a stream, taken out one at a time by id, in arrival order. */
export class ReplyQueue {
  readonly #replies: JsonRpcReply[] = [];
  readonly #waiters = new Set<() => void>();
  #closed: string | undefined;

  push(reply: JsonRpcReply): void {
    this.#replies.push(reply);
    for (const wake of [...this.#waiters]) wake();
  }

  /** Every waiter fails from now on: the connection is gone. */
  close(why: string): void {
    this.#closed = why;
    for (const wake of [...this.#waiters]) wake();
  }

  take(id: string | number | null, timeoutMs = 15_000): Promise<JsonRpcReply> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        // `null` asks for a reply without an id (the server leaves out ids it could not read).
        const index = this.#replies.findIndex((reply) => (reply.id ?? null) === id && !("method" in reply));
        if (index !== -1) {
          done();
          resolve(this.#replies.splice(index, 1)[0]!);
        } else if (this.#closed !== undefined) {
          done();
          reject(new Error(`no reply with id ${JSON.stringify(id)}: ${this.#closed}`));
        }
      };
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no reply with id ${JSON.stringify(id)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }
}

/** A raw channel over a message stream: `write` sends one message, replies go to `queue`. */
export function streamChannel(queue: ReplyQueue, write: (text: string) => void, close: () => Promise<void>): RawChannel {
  return {
    exchange(text, id) {
      write(text);
      return queue.take(id);
    },
    async send(text) {
      write(text);
    },
    close,
  };
}

/** Splits a byte stream into newline-delimited JSON replies. */
export function lineParser(queue: ReplyQueue): (chunk: Buffer) => void {
  let buffered = "";
  return (chunk) => {
    buffered += chunk.toString("utf8");
    let newline: number;
    while ((newline = buffered.indexOf("\n")) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== "") queue.push(JSON.parse(line) as JsonRpcReply);
    }
  };
}

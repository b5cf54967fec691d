/**
 * One round of a 2026-07-28 multi round-trip request (basic/patterns/mrtr), seen from
 * the handler: `ctx.elicit()`, `ctx.sample()` and `ctx.roots()` resolve at once when
 * the client already answered them (in `inputResponses`, or in a verified
 * `requestState` from an earlier round), and otherwise become input requests.
 *
 * The first unanswered ask starts a short collection window (until the event loop
 * turns, `setImmediate`), so asks made together (`Promise.all`) go out in one
 * result. Then the dispatcher answers with an input-required result and abandons the
 * handler run: the asks still waiting reject, so `finally` blocks run, and nothing
 * the handler does afterwards reaches the client. The retry runs the handler again
 * from the start with the answers.
 */
import type { JsonRpcParams } from "./jsonrpc.js";
import { isRecord } from "./is-record.js";

export type AskKind = "elicitation" | "sampling" | "roots";

export const ASK_METHODS: Readonly<Record<AskKind, string>> = {
  elicitation: "elicitation/create",
  sampling: "sampling/createMessage",
  roots: "roots/list",
};

export interface InputRequest {
  readonly method: string;
  readonly params: JsonRpcParams;
}

/**
 * Decides where a stateless request's asks go instead of its round. A `tools/call`
 * that may become a task (SEP-2663) sends them to the round until the task exists,
 * and to the task after.
 */
export interface AskRouter {
  ask<T>(kind: AskKind, params: JsonRpcParams, key: string | undefined, parse: (answer: JsonRpcParams) => T): Promise<T>;
}

/** Rejects the asks of an abandoned handler run; never reaches the client. */
export class InputRequired extends Error {
  constructor() {
    super("the request went back to the client for input");
    this.name = "InputRequired";
  }
}

export class InputRound {
  readonly #answers: Readonly<Record<string, unknown>>;
  // Every tools/call, prompts/get and resources/read on 2026-07-28 gets a round and most
  // never ask: the bookkeeping below is made on the first ask, not per request.
  #consumed: Record<string, unknown> | undefined;
  #requests: Map<string, InputRequest> | undefined;
  #waiting: ((reason: unknown) => void)[] | undefined;
  #counters: Record<AskKind, number> | undefined;
  #opened = false;
  #announce: (() => void) | undefined;

  /** `answers`: what the client sent this round, with what the verified state carried on top. */
  constructor(answers: Readonly<Record<string, unknown>>) {
    this.#answers = answers;
  }

  /**
   * Settles with `work`'s value, or with `undefined` as soon as the handler asked
   * something unanswered and the collection window closed (the client must be asked).
   */
  raceWith<T>(work: Promise<T>): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      this.#announce = () => resolve(undefined);
      work.then(resolve, reject);
    });
  }

  /**
   * The answer to one ask, parsed by `parse`; an answer `parse` rejects counts as
   * missing, so the question goes out again (mrtr: re-request, rather than fail).
   */
  ask<T>(kind: AskKind, params: JsonRpcParams, key: string | undefined, parse: (answer: JsonRpcParams) => T): Promise<T> {
    const counters = (this.#counters ??= { elicitation: 0, sampling: 0, roots: 0 });
    const name = key ?? `${kind}-${++counters[kind]}`;
    const answer = this.#answers[name];
    if (isRecord(answer)) {
      try {
        const parsed = parse(answer);
        (this.#consumed ??= {})[name] = answer;
        return Promise.resolve(parsed);
      } catch {
        // Malformed for what was asked: ask again below.
      }
    }
    const requests = (this.#requests ??= new Map());
    if (!requests.has(name)) requests.set(name, { method: ASK_METHODS[kind], params });
    if (!this.#opened) {
      this.#opened = true;
      setImmediate(() => this.#announce?.());
    }
    const waiting = (this.#waiting ??= []);
    const pending = new Promise<T>((_resolve, reject) => waiting.push(reject));
    // Marked handled: a handler that never awaits its ask must not raise an unhandled rejection.
    pending.catch(() => undefined);
    return pending;
  }

  /** The questions for the client, by key. */
  get inputRequests(): Readonly<Record<string, InputRequest>> {
    return this.#requests === undefined ? {} : Object.fromEntries(this.#requests);
  }

  /** Answers the handler used, to carry into the next round's state. */
  get consumed(): Readonly<Record<string, unknown>> {
    return this.#consumed ?? {};
  }

  /** Ends the run: every ask still waiting rejects with `InputRequired`. */
  abandon(): void {
    const reason = new InputRequired();
    for (const reject of this.#waiting?.splice(0) ?? []) reject(reason);
  }
}

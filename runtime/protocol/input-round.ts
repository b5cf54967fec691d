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
  readonly #consumed: Record<string, unknown> = {};
  readonly #requests = new Map<string, InputRequest>();
  readonly #waiting: ((reason: unknown) => void)[] = [];
  readonly #counters: Record<AskKind, number> = { elicitation: 0, sampling: 0, roots: 0 };
  #opened = false;
  #announce!: () => void;
  /** Resolves once the handler asked something unanswered and the collection window closed. */
  readonly needed = new Promise<void>((resolve) => (this.#announce = resolve));

  /** `answers`: what the client sent this round, with what the verified state carried on top. */
  constructor(answers: Readonly<Record<string, unknown>>) {
    this.#answers = answers;
  }

  /**
   * The answer to one ask, parsed by `parse`; an answer `parse` rejects counts as
   * missing, so the question goes out again (mrtr: re-request, rather than fail).
   */
  ask<T>(kind: AskKind, params: JsonRpcParams, key: string | undefined, parse: (answer: JsonRpcParams) => T): Promise<T> {
    const name = key ?? `${kind}-${++this.#counters[kind]}`;
    const answer = this.#answers[name];
    if (isRecord(answer)) {
      try {
        const parsed = parse(answer);
        this.#consumed[name] = answer;
        return Promise.resolve(parsed);
      } catch {
        // Malformed for what was asked: ask again below.
      }
    }
    if (!this.#requests.has(name)) this.#requests.set(name, { method: ASK_METHODS[kind], params });
    if (!this.#opened) {
      this.#opened = true;
      setImmediate(this.#announce);
    }
    const pending = new Promise<T>((_resolve, reject) => this.#waiting.push(reject));
    // Marked handled: a handler that never awaits its ask must not raise an unhandled rejection.
    pending.catch(() => undefined);
    return pending;
  }

  /** The questions for the client, by key. */
  get inputRequests(): Readonly<Record<string, InputRequest>> {
    return Object.fromEntries(this.#requests);
  }

  /** Answers the handler used, to carry into the next round's state. */
  get consumed(): Readonly<Record<string, unknown>> {
    return this.#consumed;
  }

  /** Ends the run: every ask still waiting rejects with `InputRequired`. */
  abandon(): void {
    const reason = new InputRequired();
    for (const reject of this.#waiting.splice(0)) reject(reason);
  }
}

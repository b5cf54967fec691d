/**
 * Questions a handler asks while its call runs as a task (SEP-2663, "Task Update
 * Requests"): `ctx.elicit()`, `ctx.sample()` and `ctx.roots()` wait, the task shows
 * them as `inputRequests` on `tasks/get`, and `tasks/update` answers them, all at
 * once or a few at a time.
 *
 * Unlike an input-required round, the handler is not run again: each ask simply
 * resolves when its answer arrives. A key names one question for the task's whole
 * life, so an answered key is never asked again; asking it again returns the answer.
 */
import type { InputRequest } from "../input-round.js";
import type { JsonRpcParams } from "../jsonrpc.js";
import { isRecord } from "../is-record.js";

interface Waiter {
  readonly parse: (answer: JsonRpcParams) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

interface Pending {
  readonly request: InputRequest;
  readonly waiters: Waiter[];
}

export class TaskInputs {
  readonly #pending = new Map<string, Pending>();
  readonly #answers = new Map<string, JsonRpcParams>();
  #closed: Error | undefined;

  /** `changed` runs whenever the set of outstanding questions changes. */
  constructor(private readonly changed: () => void) {}

  ask<T>(method: string, params: JsonRpcParams, key: string, parse: (answer: JsonRpcParams) => T): Promise<T> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    const answered = this.#answers.get(key);
    if (answered !== undefined) {
      try {
        return Promise.resolve(parse(answered));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { parse, resolve: resolve as (value: unknown) => void, reject };
      const pending = this.#pending.get(key);
      if (pending) pending.waiters.push(waiter);
      else {
        this.#pending.set(key, { request: { method, params }, waiters: [waiter] });
        this.changed();
      }
    });
  }

  /** The outstanding questions, by key. */
  get inputRequests(): Readonly<Record<string, InputRequest>> {
    return Object.fromEntries([...this.#pending].map(([key, pending]) => [key, pending.request]));
  }

  get waiting(): boolean {
    return this.#pending.size > 0;
  }

  /**
   * Applies `tasks/update` answers. Keys that are not outstanding are ignored, as the
   * spec asks; an answer malformed for its question leaves it outstanding (it is
   * asked again), as in an input-required round.
   */
  answer(responses: Readonly<Record<string, unknown>>): void {
    let changed = false;
    for (const [key, answer] of Object.entries(responses)) {
      const pending = this.#pending.get(key);
      if (!pending || !isRecord(answer)) continue;
      const settled: (() => void)[] = [];
      try {
        for (const waiter of pending.waiters) {
          const value = waiter.parse(answer);
          settled.push(() => waiter.resolve(value));
        }
      } catch {
        continue;
      }
      this.#pending.delete(key);
      this.#answers.set(key, answer);
      for (const settle of settled) settle();
      changed = true;
    }
    if (changed) this.changed();
  }

  /** The task ended: every ask still waiting rejects with `reason`, and so does any later one. */
  close(reason: Error): void {
    this.#closed = reason;
    for (const pending of this.#pending.values()) for (const waiter of pending.waiters) waiter.reject(reason);
    this.#pending.clear();
  }
}

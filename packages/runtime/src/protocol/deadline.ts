/**
 * Runs a handler under the request's abort signal and a timeout. The handler keeps
 * running after an abort (JavaScript cannot stop it), but its answer is no longer
 * awaited: the reply goes out at once and `ctx.signal` tells the handler to stop.
 */
import type { Awaitable } from "../routing/types.js";
import { McpError } from "./errors.js";
import type { LazyAbort } from "./lazy-abort.js";

/** Abort reason when the client sent `notifications/cancelled`: no reply is sent (basic/utilities/cancellation). */
export class RequestCancelled extends Error {
  constructor(reason: string | undefined) {
    super(reason ?? "cancelled by the client");
    this.name = "RequestCancelled";
  }
}

/** Abort reason when the deadline passed. */
export class RequestTimedOut extends McpError {
  constructor(readonly timeoutMs: number) {
    super("request_timeout", `timed out after ${timeoutMs} ms`);
  }
}

function isThenable<T>(value: Awaitable<T>): value is Promise<T> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** Node's timers overflow above 2^31-1 ms and fire at once; longer timeouts are capped. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** Resolves with the handler's value, or rejects with the abort reason as soon as `abort` fires. */
export function runWithDeadline<T>(abort: LazyAbort, timeoutMs: number, work: () => Awaitable<T>): Promise<T> {
  if (abort.aborted) return Promise.reject(abort.reason);
  let outcome: Awaitable<T>;
  try {
    outcome = work();
  } catch (error) {
    return Promise.reject(error);
  }
  // A handler that answered synchronously is done: nothing can overtake it, so no timer.
  if (!isThenable(outcome)) return Promise.resolve(outcome);
  const pending = outcome;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => abort.abort(new RequestTimedOut(timeoutMs)), Math.min(timeoutMs, MAX_TIMEOUT_MS));
    const stopListening = abort.onAbort((reason) => {
      clearTimeout(timer);
      reject(reason);
    });
    pending.then(
      (value) => {
        clearTimeout(timer);
        stopListening();
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        stopListening();
        reject(error);
      },
    );
  });
}

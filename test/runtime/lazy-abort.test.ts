import { describe, expect, it, vi } from "vitest";
import { LazyAbort, onCancel } from "@turbomcp/runtime";

describe("LazyAbort", () => {
  it("tells its listeners once, with the reason, and a signal read later is already aborted", () => {
    const abort = new LazyAbort();
    const listener = vi.fn();
    abort.onAbort(listener);
    const reason = new Error("stop");
    abort.abort(reason);
    abort.abort(new Error("again"));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(reason);
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBe(reason);
  });

  it("aborts a signal handed out before the abort, and defaults the reason to an AbortError", () => {
    const abort = new LazyAbort();
    const { signal } = abort;
    const seen = vi.fn();
    signal.addEventListener("abort", seen);
    abort.abort();
    expect(seen).toHaveBeenCalledTimes(1);
    expect(signal.reason).toBeInstanceOf(DOMException);
    expect((signal.reason as DOMException).name).toBe("AbortError");
  });

  it("forgets a removed listener and calls a late one at once", () => {
    const abort = new LazyAbort();
    const removed = vi.fn();
    abort.onAbort(removed)();
    abort.abort("why");
    expect(removed).not.toHaveBeenCalled();
    const late = vi.fn();
    abort.onAbort(late);
    expect(late).toHaveBeenCalledWith("why");
  });

  it("onCancel works the same for a standard AbortSignal", () => {
    const controller = new AbortController();
    const listener = vi.fn();
    const stop = onCancel(controller.signal, listener);
    stop();
    controller.abort();
    expect(listener).not.toHaveBeenCalled();
    const again = vi.fn();
    onCancel(controller.signal, again);
    expect(again).toHaveBeenCalledTimes(1);
  });
});

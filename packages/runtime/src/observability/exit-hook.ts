/**
 * pino's own exit hook (on-exit-leak-free): calls `fn(target)` on process 'exit' while
 * `target` is alive, holding it weakly, so a destination that is dropped without
 * `close()` is not kept alive by it. The package ships no types; they are given here,
 * in code rather than an ambient declaration, so that projects type-checking against
 * these sources need nothing extra.
 */
import { createRequire } from "node:module";

interface OnExitLeakFree {
  register<T extends object>(target: T, fn: (target: T, event: "exit") => void): void;
  unregister(target: object): void;
}

const hook = createRequire(import.meta.url)("on-exit-leak-free") as OnExitLeakFree;

/** `fn` must not close over `target` (it is held weakly): pass a module-level function. */
export function onProcessExit<T extends object>(target: T, fn: (target: T) => void): void {
  hook.register(target, fn);
}

export function offProcessExit(target: object): void {
  hook.unregister(target);
}

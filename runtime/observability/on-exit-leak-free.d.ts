/** Types for on-exit-leak-free (pino's own exit hook), which ships none. */
declare module "on-exit-leak-free" {
  /** Calls `fn(obj)` on process 'exit' while `obj` is alive; holds `obj` weakly, so `fn` must not close over it. */
  export function register<T extends object>(obj: T, fn: (obj: T, event: "exit") => void): void;
  export function unregister(obj: object): void;
}

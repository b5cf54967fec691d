/**
 * What a handler gets from `ctx.dependency(name)`: calls to one upstream (an HTTP API,
 * a database) through that upstream's circuit breaker (docs/dependencies.md).
 */

/**
 * `closed`: calls go through. `open`: the upstream failed too often; calls are refused
 * at once, until `openMs` has passed. `half-open`: a few probe calls go through to
 * find out whether it recovered.
 */
export type DependencyState = "closed" | "open" | "half-open";

/** Why a call did not produce a value, as the fallback learns it. */
export interface DependencyFailure {
  /** `open`: refused without calling the upstream; `timeout`: aborted after `timeoutMs`; `error`: the call threw. */
  readonly reason: "open" | "timeout" | "error";
  /** What the call threw; for `open` and `timeout`, the `McpError` the call would reject with. */
  readonly error: unknown;
}

export interface DependencyCallOptions<T> {
  /**
   * Answers instead of the upstream when the call is refused (open breaker), times out
   * or throws: a cached value, a default. Without one, the call rejects. A cancelled
   * request gets no fallback: nobody waits for its answer.
   */
  readonly fallback?: (failure: DependencyFailure) => T | Promise<T>;
  /**
   * Whether a thrown error says the upstream is unwell; default: every error does. Return
   * false for answers that are the caller's fault (a 404, a validation error), so they
   * count as successes and never open the breaker.
   */
  readonly isFailure?: (error: unknown) => boolean;
}

export interface Dependency {
  readonly name: string;
  /** The breaker's state now (per process). */
  readonly state: DependencyState;
  /**
   * Runs `fn` through the breaker. `signal` aborts when the call's `timeoutMs` passes
   * or the request is cancelled: hand it to `fetch` or the database driver. While the
   * breaker is open the call rejects at once, without running `fn`, with an error
   * (`dependency_unavailable`) that names the dependency and when it will be tried
   * again; a tool that lets it through answers with that message as an `isError` result.
   *
   * @example
   * ```ts
   * import type { ToolContext } from "@turbomcp/runtime";
   * async function forecast(city: string, ctx: ToolContext): Promise<string> {
   *   return ctx.dependency("weather").call(async (signal) => {
   *     const response = await fetch(`https://weather.example/v1/${encodeURIComponent(city)}`, { signal });
   *     if (!response.ok) throw new Error(`weather answered ${response.status}`);
   *     return response.text();
   *   });
   * }
   * ```
   */
  call<T>(fn: (signal: AbortSignal) => Promise<T>, options?: DependencyCallOptions<T>): Promise<T>;
}

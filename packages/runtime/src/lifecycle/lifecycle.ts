/**
 * Graceful shutdown, framework-neutral: hooks in, one `shutdown()` out. The order is
 * what a load balancer and the clients behind it need: readiness turns false first
 * (onDrain), then every transport stops accepting and lets its requests in flight
 * finish within the drain deadline (onClose), then stores and loggers flush
 * (beforeExit). Nothing here exits the process: `installSignalHandlers` does that.
 */
import { DEFAULT_DRAIN_CUT_GRACE_MS } from "../config/defaults.js";
import { settlesWithin } from "./in-flight.js";
import { checkBeforeExit, resolveLifecycleOptions, type BeforeExitHook, type CloseHook, type LifecycleHook, type LifecycleOptions } from "./options.js";

/** `starting` until `markReady()`; `draining` from `shutdown()` until every hook has run; then `stopped`. */
export type LifecycleState = "starting" | "ready" | "draining" | "stopped";

export interface ShutdownReport {
  /** What started the shutdown: the signal name, "end of input", or the caller's reason. */
  readonly reason: string;
  /** 0, or 1 when a hook failed or a beforeExit hook ran out of time. */
  readonly exitCode: 0 | 1;
  /** False when a close hook was still busy at the deadline: what it had in flight was cut. */
  readonly drained: boolean;
  /** The hooks that failed or ran out of time, by phase and name. */
  readonly failures: readonly string[];
}

export interface Lifecycle {
  readonly state: LifecycleState;
  readonly drainTimeoutMs: number;
  /** Aborted (with the reason) the moment shutdown starts. */
  readonly draining: AbortSignal;
  onReady(hook: LifecycleHook): void;
  onDrain(hook: LifecycleHook): void;
  /** Registers something to close on shutdown, e.g. `(ms) => listener.close({ drainTimeoutMs: ms })`. */
  onClose(hook: CloseHook): void;
  beforeExit(hook: BeforeExitHook): void;
  /** The server accepts work: runs the onReady hooks (once; ignored once shutdown began). */
  markReady(): Promise<void>;
  /** Starts the shutdown, or returns the one already running. Never rejects. */
  shutdown(reason?: string): Promise<ShutdownReport>;
}

const describe = (error: unknown): unknown => (error instanceof Error ? error : String(error));

/**
 * Creates the shutdown sequence of one process.
 *
 * @example
 * ```ts
 * import { createAuditLog } from "@turbomcp/runtime/observability";
 * import { createLifecycle, installSignalHandlers } from "@turbomcp/runtime";
 * import { listenHttp } from "@turbomcp/runtime/http";
 * import { routes } from "./generated/routes.gen.js";
 * const audit = createAuditLog();
 * const listener = await listenHttp(routes, { port: 3000, observers: [audit] });
 * const lifecycle = createLifecycle({ drainTimeoutMs: 20_000 });
 * lifecycle.onClose((drainTimeoutMs) => listener.close({ drainTimeoutMs }));
 * lifecycle.beforeExit({ name: "audit log", run: () => audit.close() });
 * installSignalHandlers(lifecycle);
 * await lifecycle.markReady();
 * ```
 */
export function createLifecycle(options: LifecycleOptions = {}): Lifecycle {
  const { drainTimeoutMs, logger } = resolveLifecycleOptions(options);
  const readyHooks = [...(options.onReady ?? [])];
  const drainHooks = [...(options.onDrain ?? [])];
  const closeHooks: CloseHook[] = [];
  const exitHooks = (options.beforeExit ?? []).map(checkBeforeExit);
  const draining = new AbortController();
  let state: LifecycleState = "starting";
  let exiting = false;
  let running: Promise<ShutdownReport> | undefined;

  const refuseLate = (what: string): void => {
    if (state === "draining" || state === "stopped") throw new Error(`cannot add an ${what} hook: shutdown has begun`);
  };

  /** Runs hooks side by side; each failure is logged and named in `failures`. */
  const runAll = async <T>(phase: string, hooks: readonly T[], run: (hook: T) => unknown, failures: string[]): Promise<void> => {
    await Promise.all(
      hooks.map(async (hook, index) => {
        try {
          await run(hook);
        } catch (error) {
          failures.push(`${phase} #${index + 1}`);
          logger.error(`${phase === "onReady" ? "start-up" : "shutdown"}: ${phase} hook #${index + 1} failed`, describe(error));
        }
      }),
    );
  };

  const closeAll = async (deadline: number, failures: string[]): Promise<boolean> => {
    const closing = runAll("onClose", closeHooks, (hook) => hook(Math.max(0, deadline - Date.now())), failures);
    if (await settlesWithin(closing, Math.max(0, deadline - Date.now()))) return true;
    logger.warn(`shutdown: requests still in flight after ${drainTimeoutMs} ms are being cut`);
    // Each transport cuts what is left and flushes its last writes; one that hangs is left behind.
    if (!(await settlesWithin(closing, DEFAULT_DRAIN_CUT_GRACE_MS))) failures.push("onClose (did not finish)");
    return false;
  };

  const flushAll = async (failures: string[]): Promise<void> => {
    exiting = true;
    // One after another, in registration order: register a logger last so it can report on the stores.
    for (const hook of exitHooks) {
      let failed = false;
      const attempt = Promise.resolve()
        .then(hook.run)
        .catch((error: unknown) => {
          failed = true;
          logger.error(`shutdown: beforeExit hook "${hook.name}" failed`, describe(error));
        });
      if (!(await settlesWithin(attempt, hook.timeoutMs))) {
        failed = true;
        logger.error(`shutdown: beforeExit hook "${hook.name}" did not finish within ${hook.timeoutMs} ms`);
      }
      if (failed) failures.push(`beforeExit "${hook.name}"`);
    }
  };

  const run = async (reason: string): Promise<ShutdownReport> => {
    state = "draining";
    draining.abort(reason);
    const failures: string[] = [];
    const deadline = Date.now() + drainTimeoutMs;
    // Readiness first, so the load balancer stops routing here while requests still finish.
    if (
      !(await settlesWithin(
        runAll("onDrain", drainHooks, (hook) => hook(), failures),
        drainTimeoutMs,
      ))
    )
      failures.push("onDrain (did not finish)");
    const drained = await closeAll(deadline, failures);
    await flushAll(failures);
    state = "stopped";
    return { reason, exitCode: failures.length === 0 ? 0 : 1, drained, failures };
  };

  return {
    get state() {
      return state;
    },
    drainTimeoutMs,
    draining: draining.signal,
    onReady(hook) {
      refuseLate("onReady");
      readyHooks.push(hook);
    },
    onDrain(hook) {
      refuseLate("onDrain");
      drainHooks.push(hook);
    },
    onClose(hook) {
      refuseLate("onClose");
      closeHooks.push(hook);
    },
    beforeExit(hook) {
      if (exiting) throw new Error(`cannot add beforeExit hook "${hook.name}": the beforeExit hooks are running`);
      exitHooks.push(checkBeforeExit(hook));
    },
    async markReady() {
      if (state !== "starting") return;
      state = "ready";
      await runAll("onReady", readyHooks, (hook) => hook(), []);
    },
    shutdown(reason = "shutdown requested") {
      running ??= run(reason);
      return running;
    },
  };
}

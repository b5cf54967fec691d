/** The options of `createLifecycle`, checked once when it is created. */
import { DEFAULT_BEFORE_EXIT_TIMEOUT_MS, DEFAULT_DRAIN_TIMEOUT_MS } from "../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";

/** Largest delay `setTimeout` honours; longer ones fire at once. */
export const MAX_DELAY_MS = 2_147_483_647;

/** Told the server is ready (listening) or draining: health readiness, a registry, a log line. */
export type LifecycleHook = () => void | Promise<void>;

/**
 * Stops something from accepting work and lets what it accepted finish within
 * `drainTimeoutMs`, then cuts the rest: a listener's `close({ drainTimeoutMs })`.
 */
export type CloseHook = (drainTimeoutMs: number) => Promise<void>;

/** Flushes a store, a logger or an exporter after the transports are closed. */
export interface BeforeExitHook {
  /** Named in the log when the hook fails or runs out of time. */
  readonly name: string;
  readonly run: () => void | Promise<void>;
  /** Default 5 s; the hook is abandoned (and the exit code becomes 1) after this long. */
  readonly timeoutMs?: number;
}

export interface LifecycleOptions {
  /** How long requests in flight get to finish once draining starts; default 10 s. */
  readonly drainTimeoutMs?: number;
  /** Run by `markReady()`: e.g. `() => health.setReady(true)`. */
  readonly onReady?: readonly LifecycleHook[];
  /** Run first when shutdown starts, before anything closes: e.g. `() => health.startDraining()`. */
  readonly onDrain?: readonly LifecycleHook[];
  /** Run, in order, after every close hook has finished. */
  readonly beforeExit?: readonly BeforeExitHook[];
  /** Where failing hooks and the shutdown's progress are reported; default stderr. */
  readonly logger?: ServerLogger;
}

export interface ResolvedLifecycleOptions {
  readonly drainTimeoutMs: number;
  readonly logger: ServerLogger;
}

export function checkDelay(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS) {
    throw new TypeError(`${name} must be an integer number of milliseconds from 0 to ${MAX_DELAY_MS}, got ${String(value)}`);
  }
  return value;
}

export function checkBeforeExit(hook: BeforeExitHook): Required<BeforeExitHook> {
  if (typeof hook.name !== "string" || hook.name === "") throw new TypeError("a beforeExit hook needs a name");
  if (typeof hook.run !== "function") throw new TypeError(`beforeExit hook "${hook.name}" needs a run function`);
  return {
    name: hook.name,
    run: hook.run,
    timeoutMs: checkDelay(`beforeExit hook "${hook.name}" timeoutMs`, hook.timeoutMs ?? DEFAULT_BEFORE_EXIT_TIMEOUT_MS),
  };
}

export function resolveLifecycleOptions(options: LifecycleOptions): ResolvedLifecycleOptions {
  return {
    drainTimeoutMs: checkDelay("drainTimeoutMs", options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS),
    logger: options.logger ?? stderrLogger,
  };
}

/**
 * The process end of graceful shutdown: the first SIGTERM or SIGINT starts
 * `lifecycle.shutdown()` and exits with its code when it is done; a second one
 * exits at once, for an operator who will not wait (Ctrl-C twice).
 */
import { constants } from "node:os";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { Lifecycle } from "./lifecycle.js";

export interface SignalHandlerOptions {
  /** Default SIGTERM (orchestrators, `kill`) and SIGINT (Ctrl-C). */
  readonly signals?: readonly NodeJS.Signals[];
  /** Ends the process; default `process.exit`. Tests and embedders pass their own. */
  readonly exit?: (code: number) => void;
  /** Where the signals are reported; default stderr. */
  readonly logger?: ServerLogger;
}

/** The shell's convention for "ended by signal N": 128 + N (130 for SIGINT, 143 for SIGTERM). */
export function forcedExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Shuts down gracefully on the first signal and exits with the report's code (0 on
 * a clean shutdown); exits with 128 + the signal number on the second. Returns a
 * function that removes the handlers again.
 *
 * @example
 * ```ts
 * import { createLifecycle, installSignalHandlers } from "@turbomcp/runtime";
 * import { listenTcp } from "@turbomcp/runtime/sockets";
 * import { routes } from "./generated/routes.gen.js";
 * const listener = await listenTcp(routes);
 * const lifecycle = createLifecycle();
 * lifecycle.onClose((drainTimeoutMs) => listener.close({ drainTimeoutMs }));
 * installSignalHandlers(lifecycle);
 * ```
 */
export function installSignalHandlers(lifecycle: Lifecycle, options: SignalHandlerOptions = {}): () => void {
  const signals = options.signals ?? (["SIGTERM", "SIGINT"] as const);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const logger = options.logger ?? stderrLogger;
  let received = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      logger.warn(`${signal} again: exiting now without finishing the shutdown`);
      exit(forcedExitCode(signal));
      return;
    }
    received = true;
    logger.warn(`${signal}: shutting down; requests in flight get up to ${lifecycle.drainTimeoutMs} ms (send ${signal} again to exit at once)`);
    void lifecycle.shutdown(signal).then((report) => exit(report.exitCode));
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}

/** What the built-in middleware share: option checks, reporting a store outage. */
import type { MiddlewareSetup } from "../routing/middleware.js";

/** Refuses anything but an integer ≥ 1, at start-up. */
export function positiveInteger(name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be an integer ≥ 1, got ${String(value)}`);
}

/**
 * A store outage is logged once when it starts and once when it ends, not once per
 * request: a busy server would otherwise bury every other line under the same one.
 */
export function outageLog(logger: MiddlewareSetup["logger"], what: string): { readonly failed: (error: unknown) => void; readonly answered: () => void } {
  let healthy = true;
  return {
    failed: (error) => {
      if (!healthy) return;
      healthy = false;
      logger.error(`${what} is failing; requests run without it until it answers`, error);
    },
    answered: () => {
      if (healthy) return;
      healthy = true;
      logger.warn(`${what} answers again`);
    },
  };
}

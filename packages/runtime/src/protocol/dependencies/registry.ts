/**
 * The server's dependencies: one circuit breaker per upstream the manifest declares,
 * held in this process (each instance of a cluster judges its upstreams on its own, see
 * docs/dependencies.md). State changes are logged; metrics and health watch through
 * `observe` and `snapshot`.
 */
import type { DependencyPolicies } from "../../config/dependency-policy.js";
import type { Dependency, DependencyState } from "../../handlers/dependency.js";
import { stderrLogger, type ServerLogger } from "../logger.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import { systemClock, type Clock } from "./clock.js";
import { resolveDependency } from "./settings.js";

/** One dependency as health reports it. */
export interface DependencyStatus {
  readonly name: string;
  readonly state: DependencyState;
  readonly critical: boolean;
  /** When an open breaker lets probes through (epoch milliseconds). */
  readonly retryAt?: number;
}

/** Told about every breaker's state changes, failures and refusals (metrics). */
export interface DependencyObserver {
  onStateChange?(dependency: string, from: DependencyState, to: DependencyState): void;
  onFailure?(dependency: string, reason: "timeout" | "error"): void;
  onRejection?(dependency: string): void;
}

export interface Dependencies {
  /** Declared names, in manifest order. */
  readonly names: readonly string[];
  /** The named dependency's breaker, its calls also aborted by `request`; throws for an undeclared name. */
  bind(name: string, request?: AbortSignal): Dependency;
  /** Every dependency's state now. */
  snapshot(): readonly DependencyStatus[];
  /** Adds an observer; the returned function removes it. */
  observe(observer: DependencyObserver): () => void;
}

export interface DependenciesOptions {
  /** Where state changes are reported; default stderr. */
  readonly logger?: ServerLogger;
  /** Default: the system clock. Tests pass their own. */
  readonly clock?: Clock;
}

function describe(breaker: CircuitBreaker, to: DependencyState): string {
  if (to === "open") return `dependency "${breaker.name}" circuit opened: calls are refused until ${new Date(breaker.retryAt ?? 0).toISOString()}`;
  if (to === "half-open") return `dependency "${breaker.name}" circuit half-open: probing whether it recovered`;
  return `dependency "${breaker.name}" circuit closed: calls go through again`;
}

/**
 * Breakers for the manifest's `dependencies` (`routes.dependencies`); `createServer` makes
 * one by itself, the production pipeline makes one with the server's logger and hands it
 * to metrics and health.
 *
 * @example
 * ```ts
 * import { createDependencies } from "@turbomcp/runtime";
 * const dependencies = createDependencies({ weather: { timeoutMs: 2_000, critical: true } });
 * const forecast = await dependencies.bind("weather").call((signal) => fetch("https://weather.example/", { signal }).then((r) => r.text()));
 * ```
 */
export function createDependencies(policies: DependencyPolicies = {}, options: DependenciesOptions = {}): Dependencies {
  const logger = options.logger ?? stderrLogger;
  const clock = options.clock ?? systemClock;
  const observers = new Set<DependencyObserver>();
  const tell = (each: (observer: DependencyObserver) => void): void => {
    for (const observer of observers) {
      try {
        each(observer);
      } catch (error) {
        // An observer's bug must not fail the handler's call.
        logger.error("a dependency observer threw", error);
      }
    }
  };
  const breakers = new Map<string, CircuitBreaker>();
  for (const [name, policy] of Object.entries(policies)) {
    const settings = resolveDependency(name, policy);
    const breaker: CircuitBreaker = new CircuitBreaker(settings, clock, {
      stateChanged(from, to) {
        logger.warn(describe(breaker, to));
        tell((observer) => observer.onStateChange?.(name, from, to));
      },
      failed: (reason) => tell((observer) => observer.onFailure?.(name, reason)),
      rejected: () => tell((observer) => observer.onRejection?.(name)),
    });
    breakers.set(name, breaker);
  }
  const names = Object.freeze([...breakers.keys()]);
  const known = names.length === 0 ? "the manifest declares none" : `declared: ${names.map((name) => `"${name}"`).join(", ")}`;

  return {
    names,
    bind(name, request) {
      const breaker = breakers.get(name);
      // A handler bug, not the caller's: thrown as a plain Error, so it is logged and the client sees "Internal error".
      if (breaker === undefined) throw new Error(`ctx.dependency("${name}"): no dependency of that name in the manifest's "dependencies" (${known})`);
      return {
        name,
        get state() {
          return breaker.state;
        },
        call: (fn, callOptions) => breaker.call(fn, callOptions, request),
      };
    },
    snapshot() {
      return [...breakers.values()].map((breaker) => {
        const { name, state, critical, retryAt } = breaker;
        return retryAt === undefined ? { name, state, critical } : { name, state, critical, retryAt };
      });
    },
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
  };
}

/**
 * The circuit breakers' series: state (read when scraped, so an open breaker whose
 * `openMs` has passed shows half-open without a call), failures and refusals. Labelled
 * by dependency name, which comes from the manifest only, so the series are bounded.
 */
import { Counter, Gauge, type Registry } from "prom-client";
import type { DependencyState } from "../handlers/dependency.js";
import type { Dependencies } from "../protocol/dependencies/registry.js";

/** `dependency_state` values: 0 closed, 1 half-open, 2 open (alert on `> 0`, page on `== 2`). */
export const DEPENDENCY_STATE_VALUES: Readonly<Record<DependencyState, number>> = { closed: 0, "half-open": 1, open: 2 };

export function registerDependencyMetrics(dependencies: Dependencies, registry: Registry, prefix: string): void {
  const registers = [registry];
  new Gauge({
    name: `${prefix}dependency_state`,
    help: "Circuit breaker state of each dependency: 0 closed, 1 half-open, 2 open",
    labelNames: ["dependency"],
    registers,
    collect() {
      for (const { name, state } of dependencies.snapshot()) this.set({ dependency: name }, DEPENDENCY_STATE_VALUES[state]);
    },
  });
  const failures = new Counter({
    name: `${prefix}dependency_failures_total`,
    help: "Calls to a dependency that failed, by dependency and reason (error or timeout)",
    labelNames: ["dependency", "reason"],
    registers,
  });
  const rejections = new Counter({
    name: `${prefix}dependency_rejections_total`,
    help: "Calls to a dependency refused without being made, because its circuit breaker was open (or half-open with its probes taken)",
    labelNames: ["dependency"],
    registers,
  });
  // Every series exists from the start, so rate() sees the first failure as one.
  for (const dependency of dependencies.names) {
    failures.inc({ dependency, reason: "error" }, 0);
    failures.inc({ dependency, reason: "timeout" }, 0);
    rejections.inc({ dependency }, 0);
  }
  dependencies.observe({
    onFailure: (dependency, reason) => failures.inc({ dependency, reason }),
    onRejection: (dependency) => rejections.inc({ dependency }),
  });
}

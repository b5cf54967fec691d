/**
 * What health makes of the circuit breakers: any breaker not closed leaves the server
 * degraded (`/health` says `warn`, still 200: it serves what does not need that
 * upstream); an open `critical` one fails readiness, so the balancer stops sending
 * traffic this instance cannot serve. Half-open is not failing: probes decide it soon.
 */
import type { DependencyState } from "../handlers/dependency.js";
import type { Dependencies } from "../protocol/dependencies/registry.js";

/** One dependency in the `/health` report. */
export interface DependencyHealth {
  readonly state: DependencyState;
  readonly critical: boolean;
  /** While open: when probes will be let through (ISO 8601). */
  readonly retryAt?: string;
}

export interface DependencyVerdict {
  readonly dependencies: Readonly<Record<string, DependencyHealth>>;
  /** Some breaker is open or half-open. */
  readonly degraded: boolean;
  /** Names of the open critical dependencies: readiness fails while there are any. */
  readonly criticalOpen: readonly string[];
}

export type DependencySource = Pick<Dependencies, "snapshot">;

export function judgeDependencies(source: DependencySource): DependencyVerdict {
  const dependencies: Record<string, DependencyHealth> = {};
  const criticalOpen: string[] = [];
  let degraded = false;
  for (const { name, state, critical, retryAt } of source.snapshot()) {
    dependencies[name] = retryAt === undefined ? { state, critical } : { state, critical, retryAt: new Date(retryAt).toISOString() };
    if (state !== "closed") degraded = true;
    if (state === "open" && critical) criticalOpen.push(name);
  }
  return { dependencies, degraded, criticalOpen };
}

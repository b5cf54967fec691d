/**
 * A dependency's policy with every default applied, checked once when the server is
 * created: a bad threshold fails at start-up, not at the first call.
 */
import type { DependencyPolicy } from "../../config/dependency-policy.js";
import {
  DEFAULT_DEPENDENCY_FAILURE_RATE,
  DEFAULT_DEPENDENCY_HALF_OPEN_PROBES,
  DEFAULT_DEPENDENCY_MINIMUM_REQUESTS,
  DEFAULT_DEPENDENCY_OPEN_MS,
  DEFAULT_DEPENDENCY_TIMEOUT_MS,
  DEFAULT_DEPENDENCY_WINDOW_BUCKETS,
  DEFAULT_DEPENDENCY_WINDOW_MS,
} from "../../config/defaults.js";
import { MAX_TIMEOUT_MS } from "../deadline.js";

export interface ResolvedDependency {
  readonly name: string;
  readonly timeoutMs: number;
  readonly failureRate: number;
  readonly minimumRequests: number;
  readonly windowMs: number;
  readonly windowBuckets: number;
  readonly openMs: number;
  readonly halfOpenProbes: number;
  readonly critical: boolean;
}

function integer(name: string, field: string, value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new TypeError(`dependencies.${name}.${field} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

export function resolveDependency(name: string, policy: DependencyPolicy): ResolvedDependency {
  if (name.length === 0) throw new TypeError("a dependency needs a non-empty name");
  const failureRate = policy.failureRate ?? DEFAULT_DEPENDENCY_FAILURE_RATE;
  if (typeof failureRate !== "number" || !(failureRate > 0 && failureRate <= 1)) {
    throw new TypeError(`dependencies.${name}.failureRate must be a number above 0 and at most 1, got ${String(failureRate)}`);
  }
  if (policy.critical !== undefined && typeof policy.critical !== "boolean") {
    throw new TypeError(`dependencies.${name}.critical must be true or false, got ${String(policy.critical)}`);
  }
  return {
    name,
    timeoutMs: integer(name, "timeoutMs", policy.timeoutMs, DEFAULT_DEPENDENCY_TIMEOUT_MS, MAX_TIMEOUT_MS),
    failureRate,
    minimumRequests: integer(name, "minimumRequests", policy.minimumRequests, DEFAULT_DEPENDENCY_MINIMUM_REQUESTS),
    windowMs: integer(name, "windowMs", policy.windowMs, DEFAULT_DEPENDENCY_WINDOW_MS),
    windowBuckets: DEFAULT_DEPENDENCY_WINDOW_BUCKETS,
    openMs: integer(name, "openMs", policy.openMs, DEFAULT_DEPENDENCY_OPEN_MS, MAX_TIMEOUT_MS),
    halfOpenProbes: integer(name, "halfOpenProbes", policy.halfOpenProbes, DEFAULT_DEPENDENCY_HALF_OPEN_PROBES),
    critical: policy.critical ?? false,
  };
}

/**
 * A dependency (an upstream API, a database) as the manifest's `dependencies` declares
 * it: the thresholds of its circuit breaker. Fields left out take the defaults in
 * config/defaults.ts (`DEFAULT_DEPENDENCY_*`), applied when the server is created.
 */
export interface DependencyPolicy {
  /** A call not answered after this long is aborted and counts as a failure. */
  readonly timeoutMs?: number;
  /** Share of failed calls in the window (0 < rate ≤ 1) at which the breaker opens. */
  readonly failureRate?: number;
  /** Calls the window must hold before the failure rate is acted on. */
  readonly minimumRequests?: number;
  /** Length of the rolling window, in milliseconds. */
  readonly windowMs?: number;
  /** How long an open breaker refuses calls before it lets probes through. */
  readonly openMs?: number;
  /** Calls let through while half-open; all must succeed for the breaker to close. */
  readonly halfOpenProbes?: number;
  /** While its breaker is open, `/health/ready` fails (the instance is taken out of rotation); otherwise `/health` only reports it degraded. */
  readonly critical?: boolean;
}

/** The manifest's `dependencies`: dependency name → its policy. */
export type DependencyPolicies = Readonly<Record<string, DependencyPolicy>>;

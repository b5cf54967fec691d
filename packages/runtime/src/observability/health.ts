/**
 * Liveness, readiness and a detailed report, framework-neutral. Readiness is false
 * while the server starts, once it drains (the lifecycle helper calls
 * `startDraining()` on SIGTERM so the load balancer stops sending traffic before the
 * listener closes), and while any registered check fails. Liveness stays true
 * throughout: an orchestrator that restarted a draining process would cut the very
 * requests draining exists to finish.
 */
import { DEFAULT_HEALTH_CHECK_TIMEOUT_MS } from "../config/defaults.js";
import { createHealthHandlers, type HealthHandlers } from "./health-handlers.js";
import { RegisteredCheck, type HealthCheckStatus, type HealthCheck } from "./health-check.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import { judgeDependencies, type DependencyHealth, type DependencySource } from "./dependency-health.js";

export type HealthState = "starting" | "ready" | "draining";

export interface HealthCheckOptions {
  /** After this long the check counts as failed; default 2 s. */
  readonly timeoutMs?: number;
}

export interface HealthOptions {
  /** Checks known up front; more can be added with `addCheck`. */
  readonly checks?: Readonly<Record<string, HealthCheck>>;
  /** Timeout of checks registered without their own; default 2 s. */
  readonly timeoutMs?: number;
  /** Start ready instead of `starting` (for servers without the lifecycle helper). */
  readonly ready?: boolean;
  /** Where failing checks (and the errors they threw) are reported; default stderr. */
  readonly logger?: ServerLogger;
  /**
   * The server's circuit breakers (`ServerOptions.dependencies`): one not closed makes
   * the report `warn` (degraded); an open `critical` one fails it and readiness.
   */
  readonly dependencies?: DependencySource;
}

export interface HealthReport {
  /**
   * `pass` when the server is ready, every check passes and every dependency's breaker
   * is closed; `warn` (degraded, still serving) when some breaker is not closed; `fail`
   * when not ready, a check fails or a critical dependency's breaker is open.
   */
  readonly status: "pass" | "warn" | "fail";
  readonly state: HealthState;
  readonly uptimeSeconds: number;
  readonly checks: Readonly<Record<string, HealthCheckStatus>>;
  /** Each declared dependency's breaker; absent on a server that declares none. */
  readonly dependencies?: Readonly<Record<string, DependencyHealth>>;
  /** The open critical dependencies, when there are any. */
  readonly failingDependencies?: readonly string[];
}

export interface Health {
  readonly state: HealthState;
  /** Registers a check; names are unique. */
  addCheck(name: string, check: HealthCheck, options?: HealthCheckOptions): void;
  /** `true` once the server listens; ignored after `startDraining()`, which is final. */
  setReady(ready: boolean): void;
  startDraining(): void;
  /** Ready and every check passing (checks run only in the `ready` state). */
  isReady(): Promise<boolean>;
  /** Runs every check, whatever the state, and reports each one. */
  report(): Promise<HealthReport>;
  /** `/health/live`, `/health/ready` and `/health` handlers on `node:http` types. */
  readonly handlers: HealthHandlers;
}

function validTimeout(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${what} must be a positive number of milliseconds, got ${value}`);
  return value;
}

/**
 * Health state and checks for `/health/live`, `/health/ready` and `/health`.
 *
 * @example
 * ```ts
 * import { createHealth } from "@turbomcp/runtime/observability";
 * const health = createHealth();
 * health.addCheck("database", async (signal) => {
 *   const response = await fetch("http://127.0.0.1:5984/_up", { signal });
 *   return { healthy: response.ok, message: `status ${response.status}` };
 * }, { timeoutMs: 500 });
 * health.setReady(true); // once listening; the lifecycle helper does this for you
 * ```
 */
export function createHealth(options: HealthOptions = {}): Health {
  const defaultTimeout = validTimeout(options.timeoutMs ?? DEFAULT_HEALTH_CHECK_TIMEOUT_MS, "health check timeoutMs");
  const logger = options.logger ?? stderrLogger;
  const checks = new Map<string, RegisteredCheck>();
  const dependencies = options.dependencies;
  let state: HealthState = options.ready === true ? "ready" : "starting";

  const runAll = async (): Promise<Record<string, HealthCheckStatus>> => {
    const entries = await Promise.all([...checks.values()].map(async (check) => [check.name, await check.run()] as const));
    return Object.fromEntries(entries);
  };
  const allPass = (results: Readonly<Record<string, HealthCheckStatus>>): boolean => Object.values(results).every((result) => result.status === "pass");

  const core: Omit<Health, "handlers"> = {
    get state() {
      return state;
    },
    addCheck(name, check, checkOptions = {}) {
      if (typeof name !== "string" || name.length === 0) throw new TypeError("a health check needs a non-empty name");
      if (checks.has(name)) throw new Error(`a health check named "${name}" is already registered`);
      if (typeof check !== "function") throw new TypeError(`health check "${name}" must be a function`);
      const timeoutMs = validTimeout(checkOptions.timeoutMs ?? defaultTimeout, `health check "${name}" timeoutMs`);
      checks.set(name, new RegisteredCheck(name, check, timeoutMs, logger));
    },
    setReady(ready) {
      if (state !== "draining") state = ready ? "ready" : "starting";
    },
    startDraining() {
      state = "draining";
    },
    async isReady() {
      return state === "ready" && (dependencies === undefined || judgeDependencies(dependencies).criticalOpen.length === 0) && allPass(await runAll());
    },
    async report() {
      const results = await runAll();
      const verdict = dependencies === undefined ? undefined : judgeDependencies(dependencies);
      const passing = state === "ready" && allPass(results) && (verdict === undefined || verdict.criticalOpen.length === 0);
      const status = !passing ? "fail" : verdict?.degraded === true ? "warn" : "pass";
      const report: HealthReport = { status, state, uptimeSeconds: Math.floor(process.uptime()), checks: results };
      if (verdict === undefined || Object.keys(verdict.dependencies).length === 0) return report;
      return {
        ...report,
        dependencies: verdict.dependencies,
        ...(verdict.criticalOpen.length > 0 && { failingDependencies: verdict.criticalOpen }),
      };
    },
  };
  for (const [name, check] of Object.entries(options.checks ?? {})) core.addCheck(name, check);
  // Object.assign keeps `state` a live getter, which a spread would freeze.
  return Object.assign(core, { handlers: createHealthHandlers(core) });
}

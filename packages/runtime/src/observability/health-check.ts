/**
 * One registered health check, run under its own timeout. A check that hangs counts
 * as failed once its time is up, and concurrent probes share the run in flight, so
 * a hung dependency never piles up one stuck call per probe.
 */
import type { Awaitable } from "../routing/types.js";
import type { ServerLogger } from "../protocol/logger.js";

/** `void`/`true`: healthy; `false` or `{ healthy: false }`: failing. A thrown error fails the check too. */
export type HealthCheckResult = void | boolean | { readonly healthy: boolean; readonly message?: string };

/** `signal` aborts when the check's timeout passes: pass it on to the ping or query. */
export type HealthCheck = (signal: AbortSignal) => Awaitable<HealthCheckResult>;

export interface HealthCheckStatus {
  readonly status: "pass" | "fail";
  readonly durationMs: number;
  /** Why it failed. Thrown errors are not echoed (they may name hosts or credentials); the server log has them. */
  readonly message?: string;
}

type Verdict = Omit<HealthCheckStatus, "durationMs">;

function judge(result: HealthCheckResult): Verdict {
  if (result === undefined || result === true) return { status: "pass" };
  if (result === false) return { status: "fail", message: "unhealthy" };
  if (result.healthy) return result.message === undefined ? { status: "pass" } : { status: "pass", message: result.message };
  return { status: "fail", message: result.message ?? "unhealthy" };
}

export class RegisteredCheck {
  #inFlight: Promise<HealthCheckResult> | undefined;
  #lastStatus: HealthCheckStatus["status"] | undefined;

  constructor(
    readonly name: string,
    private readonly check: HealthCheck,
    readonly timeoutMs: number,
    private readonly logger: ServerLogger,
  ) {}

  async run(): Promise<HealthCheckStatus> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Verdict>((resolve) => {
      timer = setTimeout(() => resolve({ status: "fail", message: `timed out after ${this.timeoutMs} ms` }), this.timeoutMs);
    });
    let thrown: unknown;
    const settled = this.#start().then(judge, (error: unknown) => {
      thrown = error;
      return { status: "fail", message: "check threw an error (see the server log)" } satisfies Verdict;
    });
    try {
      const verdict = await Promise.race([settled, timedOut]);
      this.#report(verdict, thrown);
      return { ...verdict, durationMs: Math.round((performance.now() - started) * 1000) / 1000 };
    } finally {
      clearTimeout(timer);
    }
  }

  #start(): Promise<HealthCheckResult> {
    if (this.#inFlight) return this.#inFlight;
    const controller = new AbortController();
    const abortTimer = setTimeout(() => controller.abort(new Error(`health check "${this.name}" timed out`)), this.timeoutMs);
    const run = Promise.resolve()
      .then(() => this.check(controller.signal))
      .finally(() => {
        clearTimeout(abortTimer);
        this.#inFlight = undefined;
      });
    this.#inFlight = run;
    return run;
  }

  /** Logs the moment a check starts failing (not on every probe, which would flood the log). */
  #report(verdict: Verdict, thrown: unknown): void {
    if (verdict.status === "fail" && this.#lastStatus !== "fail") {
      this.logger.error(`health check "${this.name}" failed: ${verdict.message ?? "unhealthy"}`, thrown);
    } else if (verdict.status === "pass" && this.#lastStatus === "fail") {
      this.logger.warn(`health check "${this.name}" passes again`);
    }
    this.#lastStatus = verdict.status;
  }
}

/**
 * One upstream's circuit breaker. Closed, it counts outcomes in a rolling window and
 * opens once the failure rate reaches `failureRate` over at least `minimumRequests`
 * calls. Open, it refuses calls without running them until `openMs` has passed; then it
 * is half-open and lets `halfOpenProbes` calls through: all of them succeeding closes
 * it (with an empty window), one failing opens it again.
 *
 * The open → half-open step is taken when someone looks (a call, `state`, a scrape),
 * not by a timer, so an idle breaker costs nothing. Outcomes of calls admitted before a
 * state change (a slow call that ends after the breaker opened) are ignored: they would
 * otherwise count against probes they have nothing to do with.
 */
import type { DependencyCallOptions, DependencyState } from "../../handlers/dependency.js";
import { McpError } from "../errors.js";
import type { Clock } from "./clock.js";
import type { ResolvedDependency } from "./settings.js";
import { RollingWindow } from "./rolling-window.js";

/** What a breaker reports as it works; the registry turns it into logs, metrics and health. */
export interface BreakerEvents {
  stateChanged(from: DependencyState, to: DependencyState): void;
  failed(reason: "timeout" | "error"): void;
  rejected(): void;
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** How a call was let in: as an ordinary call, or as one of the half-open probes. */
interface Admission {
  readonly generation: number;
  readonly probe: boolean;
}

export class CircuitBreaker {
  readonly #settings: ResolvedDependency;
  readonly #clock: Clock;
  readonly #events: BreakerEvents;
  readonly #window: RollingWindow;
  #state: DependencyState = "closed";
  /** Bumped on every state change, so late outcomes of earlier admissions are ignored. */
  #generation = 0;
  #openUntil = 0;
  #probesAdmitted = 0;
  #probesPassed = 0;

  constructor(settings: ResolvedDependency, clock: Clock, events: BreakerEvents) {
    this.#settings = settings;
    this.#clock = clock;
    this.#events = events;
    this.#window = new RollingWindow(settings.windowMs, settings.windowBuckets);
  }

  get name(): string {
    return this.#settings.name;
  }

  get critical(): boolean {
    return this.#settings.critical;
  }

  get state(): DependencyState {
    this.#advance();
    return this.#state;
  }

  /** When an open breaker lets probes through (epoch milliseconds); undefined unless open. */
  get retryAt(): number | undefined {
    return this.state === "open" ? this.#openUntil : undefined;
  }

  async call<T>(fn: (signal: AbortSignal) => Promise<T>, options: DependencyCallOptions<T> = {}, request?: AbortSignal): Promise<T> {
    // A cancelled request needs no answer: nothing is run and nothing is counted.
    if (request !== undefined && isAborted(request)) throw request.reason;
    const admission = this.#admit();
    if (admission === undefined) {
      this.#events.rejected();
      const error = this.#refusal();
      if (options.fallback !== undefined) return options.fallback({ reason: "open", error });
      throw error;
    }
    const timeout = new McpError("dependency_unavailable", `Dependency "${this.name}" did not answer within ${this.#settings.timeoutMs} ms`, {
      dependency: this.name,
    });
    let value: T;
    try {
      value = await this.#run(fn, timeout, request);
    } catch (error) {
      // Read again: the request may have been cancelled while the call ran.
      if (isAborted(request)) {
        this.#release(admission);
        throw error;
      }
      const reason = error === timeout ? "timeout" : "error";
      // An answer that is the caller's fault says nothing about the upstream's health.
      const counts = reason === "timeout" || (options.isFailure?.(error) ?? true);
      this.#settle(admission, counts ? reason : undefined);
      if (options.fallback !== undefined) return options.fallback({ reason, error });
      throw error;
    }
    this.#settle(admission, undefined);
    return value;
  }

  /** Runs `fn` until it settles, the timeout passes or the request is cancelled, whichever comes first. */
  #run<T>(fn: (signal: AbortSignal) => Promise<T>, timeout: McpError, request: AbortSignal | undefined): Promise<T> {
    const controller = new AbortController();
    return new Promise<T>((resolve, reject) => {
      const stopTimer = this.#clock.setTimer(this.#settings.timeoutMs, () => {
        controller.abort(timeout);
        reject(timeout);
      });
      const onCancel = (): void => {
        controller.abort(request?.reason);
        reject(request?.reason);
      };
      request?.addEventListener("abort", onCancel, { once: true });
      Promise.resolve()
        .then(() => fn(controller.signal))
        .then(resolve, reject)
        .finally(() => {
          stopTimer();
          request?.removeEventListener("abort", onCancel);
        });
    });
  }

  #admit(): Admission | undefined {
    this.#advance();
    if (this.#state === "closed") return { generation: this.#generation, probe: false };
    if (this.#state === "half-open" && this.#probesAdmitted < this.#settings.halfOpenProbes) {
      this.#probesAdmitted += 1;
      return { generation: this.#generation, probe: true };
    }
    return undefined;
  }

  /** A probe cancelled by its request gave no verdict: its place goes to the next call. */
  #release(admission: Admission): void {
    if (admission.probe && admission.generation === this.#generation) this.#probesAdmitted -= 1;
  }

  /** Counts one outcome: `failure` undefined is a success. */
  #settle(admission: Admission, failure: "timeout" | "error" | undefined): void {
    if (failure !== undefined) this.#events.failed(failure);
    if (admission.generation !== this.#generation) return;
    const now = this.#clock.now();
    if (admission.probe) {
      if (failure !== undefined) this.#open(now);
      else if ((this.#probesPassed += 1) >= this.#settings.halfOpenProbes) this.#moveTo("closed");
      return;
    }
    this.#window.record(now, failure !== undefined);
    if (failure === undefined) return;
    const { successes, failures } = this.#window.counts(now);
    const total = successes + failures;
    if (total >= this.#settings.minimumRequests && failures / total >= this.#settings.failureRate) this.#open(now);
  }

  #advance(): void {
    if (this.#state === "open" && this.#clock.now() >= this.#openUntil) this.#moveTo("half-open");
  }

  #open(now: number): void {
    this.#openUntil = now + this.#settings.openMs;
    this.#moveTo("open");
  }

  #moveTo(state: DependencyState): void {
    const from = this.#state;
    this.#state = state;
    this.#generation += 1;
    this.#probesAdmitted = 0;
    this.#probesPassed = 0;
    if (state === "closed") this.#window.clear();
    this.#events.stateChanged(from, state);
  }

  #refusal(): McpError {
    const data = { dependency: this.name, state: this.#state };
    if (this.#state === "half-open") {
      return new McpError("dependency_unavailable", `Dependency "${this.name}" is unavailable: it is being probed after failures; try again shortly`, data);
    }
    const retryAfterMs = Math.max(0, this.#openUntil - this.#clock.now());
    const seconds = Math.ceil(retryAfterMs / 1000);
    return new McpError(
      "dependency_unavailable",
      `Dependency "${this.name}" is unavailable: its circuit breaker is open after repeated failures; it will be tried again in ${seconds} s (at ${new Date(this.#openUntil).toISOString()})`,
      { ...data, retryAfterMs },
    );
  }
}

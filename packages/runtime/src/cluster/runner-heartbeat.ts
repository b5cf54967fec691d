/**
 * The heartbeat of one instance's task runs in Redis: one key per instance (not one
 * per task) that lives `leaseMs` unless refreshed. It is refreshed on an unref'd timer
 * only while the instance runs a task, and left to lapse when it runs none, so an idle
 * instance writes nothing. A killed instance stops refreshing it; within `leaseMs` the
 * key is gone and readers fail the tasks that name this instance as their runner.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { TASK_LEASE_REFRESHES } from "../config/defaults.js";
import type { ServerLogger } from "../protocol/logger.js";

export class RunnerHeartbeat {
  /** This instance, as tasks name their runner. */
  readonly id = randomUUID();
  /** The heartbeat key of this instance. */
  readonly key: string;
  readonly #running = new Set<string>();
  readonly #idle = new Set<() => void>();
  #timer: NodeJS.Timeout | undefined;
  #refreshing = false;
  #failing = false;
  #stopped = false;

  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
    readonly leaseMs: number,
    private readonly logger: ServerLogger,
  ) {
    this.key = this.keyOf(this.id);
  }

  keyOf(runner: string): string {
    return `${this.keyPrefix}runner:${runner}`;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** A task this instance created starts running here (its create script set the key already). */
  started(taskId: string): void {
    if (this.#stopped) return;
    this.#running.add(taskId);
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.#refresh(), Math.max(1, Math.floor(this.leaseMs / TASK_LEASE_REFRESHES)));
    // A heartbeat must never be what keeps a process alive.
    this.#timer.unref();
  }

  /** The task's run ended (its terminal state was written, or failed to be): no need to vouch for it any more. */
  ended(taskId: string): void {
    this.#running.delete(taskId);
    if (this.#running.size > 0) return;
    this.#stopTimer();
    for (const wake of this.#idle) wake();
    this.#idle.clear();
  }

  /** Resolves once this instance runs no task: every run has written its final state (or failed to). */
  idle(): Promise<void> {
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.add(resolve));
  }

  /** Stops refreshing for good: the tasks still running here fail once the key lapses. */
  stop(): void {
    this.#stopped = true;
    this.#running.clear();
    this.#stopTimer();
    for (const wake of this.#idle) wake();
    this.#idle.clear();
  }

  #stopTimer(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #refresh(): Promise<void> {
    // A refresh slower than the interval (Redis struggling) is not piled onto.
    if (this.#refreshing) return;
    this.#refreshing = true;
    try {
      await this.client.set(this.key, "1", "PX", this.leaseMs);
      if (this.#failing) this.logger.warn("task heartbeat refreshes succeed again");
      this.#failing = false;
    } catch (error) {
      // Once per outage: the failure repeats every interval until Redis answers.
      if (!this.#failing) {
        this.logger.error(
          `could not refresh the heartbeat of this instance's running tasks; other instances mark them failed once it is ${this.leaseMs} ms old`,
          error,
        );
      }
      this.#failing = true;
    } finally {
      this.#refreshing = false;
    }
  }
}

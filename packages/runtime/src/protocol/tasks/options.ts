/**
 * Server options of the tasks extension, checked once at start-up so bad
 * configuration fails before the first request.
 */
import { DEFAULT_TASK_POLL_INTERVAL_MS, DEFAULT_TASK_TTL_MS } from "../../config/defaults.js";
import { MAX_TIMEOUT_MS } from "../deadline.js";
import type { TaskRunRelay } from "./relay.js";
import { MemoryTaskStore, type TaskStore } from "./store.js";

export interface TaskOptions {
  /** Where tasks are kept; default a `MemoryTaskStore` holding at most `maxTasks`. */
  readonly store?: TaskStore;
  /** Capacity of the default in-memory store; default 10,000. Ignored with `store`. */
  readonly maxTasks?: number;
  /** How long a task stays readable after it was created; default one hour. */
  readonly ttlMs?: number;
  /** Suggested interval between `tasks/get` polls; default one second. */
  readonly pollIntervalMs?: number;
  /** With a shared store: delivers `tasks/update` and `tasks/cancel` to the instance running the task (a cluster message bus). */
  readonly relay?: TaskRunRelay;
}

export interface ResolvedTaskOptions {
  readonly store: TaskStore;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  readonly relay?: TaskRunRelay;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new TypeError(`tasks.${name} must be an integer from 1 to ${MAX_TIMEOUT_MS}, got ${String(value)}`);
  }
  return value;
}

export function resolveTaskOptions(options: TaskOptions = {}): ResolvedTaskOptions {
  return {
    store: options.store ?? new MemoryTaskStore(options.maxTasks === undefined ? {} : { maxTasks: options.maxTasks }),
    ttlMs: positive("ttlMs", options.ttlMs, DEFAULT_TASK_TTL_MS),
    pollIntervalMs: positive("pollIntervalMs", options.pollIntervalMs, DEFAULT_TASK_POLL_INTERVAL_MS),
    ...(options.relay !== undefined && { relay: options.relay }),
  };
}

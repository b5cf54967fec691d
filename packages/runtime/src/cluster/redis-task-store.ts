/**
 * Tasks (SEP-2663) in Redis, so a task created through one instance is readable
 * through every instance behind the load balancer, for its whole TTL. The client is
 * the application's (ioredis), shared with other stores; this store never closes it.
 *
 * Layout, under the prefix (default `turbomcp:tasks:`):
 * - `task:<taskId>`: a hash, `task` (the stored task as JSON) and, while the task is
 *   unfinished, `runner` (the instance running it); it expires at the task's
 *   `createdAt + ttlMs` as the creating instance's clock has it;
 * - `index`: a sorted set of task ids by expiry (Redis's clock), for the bound;
 * - `runner:<instanceId>`: the heartbeat of an instance running tasks (`RunnerHeartbeat`).
 *
 * A reader that finds an unfinished task whose runner's heartbeat has lapsed marks it
 * failed, atomically, so a task of a killed instance does not stay `working` until its
 * TTL. Once terminal, a task never changes again.
 */
import type { Redis } from "ioredis";
import { DEFAULT_MAX_TASKS, DEFAULT_TASK_CLOSE_WAIT_MS, DEFAULT_TASK_LEASE_MS, DEFAULT_TASK_REDIS_PREFIX } from "../config/defaults.js";
import { parseStored, runScript } from "../config/redis-stores.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { TaskStore } from "../protocol/tasks/store.js";
import { expiresAt, isTerminal, runnerStopped, type StoredTask, type TaskStatus } from "../protocol/tasks/task.js";
import { CREATE, FAIL_STOPPED_RUNNER, UPDATE } from "./redis-task-scripts.js";
import { RunnerHeartbeat } from "./runner-heartbeat.js";

export interface RedisTaskStoreOptions {
  /** An ioredis client the application created (and closes). */
  readonly client: Redis;
  /** Prefix of every key this store writes; default `turbomcp:tasks:`. Every instance of one server uses the same. */
  readonly keyPrefix?: string;
  /** Tasks held at once by all instances together, finished ones included until they expire; default 10,000. */
  readonly maxTasks?: number;
  /** How long an instance's heartbeat outlives its last refresh before its unfinished tasks are failed; default 6 s. */
  readonly leaseMs?: number;
  /** Where heartbeat outages are reported; default stderr. */
  readonly logger?: ServerLogger;
}

const STATUSES: ReadonlySet<unknown> = new Set<TaskStatus>(["working", "input_required", "completed", "failed", "cancelled"]);

/** The fields every stored task has; anything else under the prefix (another program's key) reads as no task. */
function isStoredTask(value: unknown): value is StoredTask {
  if (typeof value !== "object" || value === null) return false;
  const task = value as Record<string, unknown>;
  return (
    typeof task.taskId === "string" &&
    (task.owner === null || typeof task.owner === "string") &&
    STATUSES.has(task.status) &&
    typeof task.createdAt === "number" &&
    typeof task.lastUpdatedAt === "number" &&
    typeof task.ttlMs === "number" &&
    typeof task.pollIntervalMs === "number"
  );
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/**
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { createServer, defineRoutes } from "@turbomcp/runtime";
 * import { RedisTaskStore } from "@turbomcp/runtime/redis";
 * const store = new RedisTaskStore({ client: new Redis("redis://127.0.0.1:6379") });
 * const server = createServer(defineRoutes({ server: { name: "demo", version: "1.0.0" } }), { tasks: { store } });
 * ```
 */
export class RedisTaskStore implements TaskStore {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #index: string;
  readonly #maxTasks: number;
  readonly #heartbeat: RunnerHeartbeat;

  constructor(options: RedisTaskStoreOptions) {
    if (typeof options.client?.evalsha !== "function") throw new TypeError("RedisTaskStore needs an ioredis client as `client`");
    this.#client = options.client;
    const prefix = options.keyPrefix ?? DEFAULT_TASK_REDIS_PREFIX;
    this.#prefix = `${prefix}task:`;
    this.#index = `${prefix}index`;
    this.#maxTasks = positiveInteger("maxTasks", options.maxTasks ?? DEFAULT_MAX_TASKS);
    const leaseMs = positiveInteger("leaseMs", options.leaseMs ?? DEFAULT_TASK_LEASE_MS);
    this.#heartbeat = new RunnerHeartbeat(options.client, prefix, leaseMs, options.logger ?? stderrLogger);
  }

  async create(task: StoredTask): Promise<boolean> {
    const heartbeat = this.#heartbeat;
    if (heartbeat.stopped) throw new Error("RedisTaskStore is closed: it can no longer vouch for the tasks it runs");
    const running = !isTerminal(task.status);
    // Expires when the task may be forgotten by the creator's clock, the clock `createdAt` comes from.
    const ttl = Math.max(1, expiresAt(task) - Date.now());
    const args = [JSON.stringify(task), ttl, task.taskId, this.#maxTasks, running ? heartbeat.id : "", heartbeat.leaseMs];
    if ((await runScript(this.#client, CREATE, [this.#prefix + task.taskId, this.#index, heartbeat.key], args)) !== 1) return false;
    if (running) heartbeat.started(task.taskId);
    return true;
  }

  async get(taskId: string): Promise<StoredTask | undefined> {
    const key = this.#prefix + taskId;
    const [json, runner] = await this.#client.hmget(key, "task", "runner").catch((error: unknown) => {
      // Another program's key of another type under the prefix: no task, as a value that is not one.
      if (error instanceof Error && error.message.startsWith("WRONGTYPE")) return [null, null];
      throw error;
    });
    const task = parseStored(json ?? null, isStoredTask);
    if (task === undefined || runner === null || runner === undefined) return task;
    const heartbeat = this.#heartbeat.keyOf(runner);
    if ((await this.#client.exists(heartbeat)) === 1) return task;
    const failed = JSON.stringify(runnerStopped(task, Date.now()));
    return parseStored((await runScript(this.#client, FAIL_STOPPED_RUNNER, [key, heartbeat], [runner, failed])) as string | null, isStoredTask);
  }

  async update(task: StoredTask): Promise<void> {
    const ending = isTerminal(task.status);
    try {
      await runScript(this.#client, UPDATE, [this.#prefix + task.taskId], [JSON.stringify(task), ending ? "1" : "0"]);
    } finally {
      // Even when the write failed: the run is over, and the heartbeat must not keep vouching for it.
      if (ending) this.#heartbeat.ended(task.taskId);
    }
  }

  /**
   * Stops the heartbeat (not the client, which is the application's): call it once the
   * server has closed, which cancels the tasks it runs. Waits up to `waitMs` (default
   * 1 s) for those runs to write their final state, so clients read why they ended;
   * tasks still running after that are failed by readers once the lease lapses.
   * `create` refuses from then on.
   */
  async close(options: { readonly waitMs?: number } = {}): Promise<void> {
    const waitMs = options.waitMs ?? DEFAULT_TASK_CLOSE_WAIT_MS;
    let timer: NodeJS.Timeout | undefined;
    if (waitMs > 0) await Promise.race([this.#heartbeat.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    this.#heartbeat.stop();
  }
}

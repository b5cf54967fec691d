/**
 * Where tasks are kept between `tools/call` and the client's `tasks/get` polls.
 *
 * The interface is asynchronous so a shared store (Redis, a database) can back it;
 * tasks are then readable on every instance, while the handler run itself stays on
 * the instance that started it (`tasks/update` and `tasks/cancel` must reach that
 * instance: clients send the task id as the `Mcp-Name` header to route them).
 * The default is `MemoryTaskStore`: bounded, and forgetting each task once its TTL
 * has passed.
 *
 * The task manager writes in a fixed pattern a shared store can rely on: `create` is
 * called by the instance that runs the task, and the run's last write is an `update`
 * to a terminal status. So a shared store knows which tasks each instance runs, and
 * must not leave those of an instance that stopped `working` forever: a reader marks
 * them failed (`runnerStopped`) once the instance is found gone (see `RedisTaskStore`).
 */
import { DEFAULT_MAX_TASKS } from "../../config/defaults.js";
import { expiresAt, isTerminal, type StoredTask } from "./task.js";

export interface TaskStore {
  /**
   * Saves a new task, which the calling instance is about to run. Resolves only once
   * `get` returns it: SEP-2663 forbids a `CreateTaskResult` before the task is durably
   * created. Resolves `false` when the store has no room; the call is then refused
   * rather than run untracked.
   */
  create(task: StoredTask): Promise<boolean>;
  /** The task, or undefined when it never existed or has expired. */
  get(taskId: string): Promise<StoredTask | undefined>;
  /**
   * Replaces a task's state. A task that expired meanwhile stays gone, and a task
   * already terminal stays as it is: terminal tasks never change again, even when
   * another instance marked it failed while its run was still writing.
   */
  update(task: StoredTask): Promise<void>;
}

export interface MemoryTaskStoreOptions {
  /** Tasks held at once, finished ones included until they expire; default 10,000. */
  readonly maxTasks?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/**
 * The in-memory task store: one process, lost on restart.
 *
 * A task stays readable for its whole `ttlMs`, as the spec requires, so a full store
 * does not evict live or unexpired tasks to make room: it refuses new ones.
 *
 * @example
 * ```ts
 * import { MemoryTaskStore, createServer, defineRoutes } from "@turbomcp/runtime";
 * const server = createServer(defineRoutes({ server: { name: "demo", version: "1.0.0" } }), {
 *   tasks: { store: new MemoryTaskStore({ maxTasks: 1_000 }) },
 * });
 * ```
 */
export class MemoryTaskStore implements TaskStore {
  readonly #tasks = new Map<string, StoredTask>();
  readonly #maxTasks: number;
  readonly #now: () => number;

  constructor(options: MemoryTaskStoreOptions = {}) {
    const maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
    if (!Number.isSafeInteger(maxTasks) || maxTasks < 1) throw new TypeError(`maxTasks must be a positive integer, got ${String(maxTasks)}`);
    this.#maxTasks = maxTasks;
    this.#now = options.now ?? Date.now;
  }

  /** Tasks held, expired ones not yet swept included. */
  get size(): number {
    return this.#tasks.size;
  }

  async create(task: StoredTask): Promise<boolean> {
    const now = this.#now();
    // Insertion order is creation order, so the oldest tasks, the first to expire, come first.
    for (const [taskId, held] of this.#tasks) {
      if (expiresAt(held) > now) break;
      this.#tasks.delete(taskId);
    }
    // TTLs may differ between tasks: look at all of them before refusing.
    if (this.#tasks.size >= this.#maxTasks) for (const [taskId, held] of this.#tasks) if (expiresAt(held) <= now) this.#tasks.delete(taskId);
    if (this.#tasks.size >= this.#maxTasks) return false;
    this.#tasks.set(task.taskId, task);
    return true;
  }

  async get(taskId: string): Promise<StoredTask | undefined> {
    const task = this.#tasks.get(taskId);
    if (task === undefined || expiresAt(task) > this.#now()) return task;
    this.#tasks.delete(taskId);
    return undefined;
  }

  async update(task: StoredTask): Promise<void> {
    const held = this.#tasks.get(task.taskId);
    if (held !== undefined && !isTerminal(held.status)) this.#tasks.set(task.taskId, task);
  }
}

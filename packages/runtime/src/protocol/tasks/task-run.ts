/**
 * One task while its handler runs: the task's state, the questions it waits on, and
 * the controller `tasks/cancel` aborts. Every change is written to the store in
 * order (one queue per task), then published to `notifications/tasks` watchers.
 */
import type { LazyAbort } from "../lazy-abort.js";
import type { ServerLogger } from "../logger.js";
import { RequestCancelled } from "../deadline.js";
import { McpError } from "../errors.js";
import type { JsonRpcErrorObject } from "../jsonrpc.js";
import type { TaskStore } from "./store.js";
import { TaskInputs } from "./task-inputs.js";
import { isTerminal, type StoredTask } from "./task.js";

export interface TaskSink {
  readonly store: TaskStore;
  readonly logger: ServerLogger;
  /** Tells watchers of the task about its new state. */
  publish(task: StoredTask): void;
}

/** Fields to set; `undefined` removes one. */
type Change = { [K in "status" | "statusMessage" | "inputRequests" | "result" | "error"]?: StoredTask[K] | undefined };

export class TaskRun {
  readonly inputs: TaskInputs;
  #task: StoredTask;
  #writes: Promise<unknown>;
  /** Resolves `false` when the store refused the task; rejects when the store failed. */
  readonly created: Promise<boolean>;

  constructor(
    task: StoredTask,
    /** Aborted by `tasks/cancel`, the handler's timeout, or server shutdown; it is the handler's `ctx.signal`. */
    readonly controller: LazyAbort,
    private readonly sink: TaskSink,
  ) {
    this.#task = task;
    this.inputs = new TaskInputs(() => {
      const { inputRequests, waiting } = this.inputs;
      void this.#change(waiting ? { status: "input_required", inputRequests } : { status: "working", inputRequests: undefined });
    });
    this.created = sink.store.create(task);
    // The creator reports a failed create; later writes just queue behind it.
    this.#writes = this.created.catch(() => false);
  }

  /** The latest state, possibly ahead of the store by the writes still queued. */
  get task(): StoredTask {
    return this.#task;
  }

  /** Resolves once every change made so far is in the store. */
  flushed(): Promise<void> {
    return this.#writes.then(() => undefined);
  }

  #change(change: Change): Promise<void> {
    if (isTerminal(this.#task.status)) return this.flushed();
    const next: Record<string, unknown> = { ...this.#task, ...change, lastUpdatedAt: Math.max(Date.now(), this.#task.lastUpdatedAt) };
    // Fields set to undefined are dropped, so the stored task stays plain JSON.
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
    const task = next as unknown as StoredTask;
    this.#task = task;
    this.#writes = this.#writes.then(async () => {
      try {
        await this.sink.store.update(task);
      } catch (error) {
        this.sink.logger.error(`task store failed to update task ${task.taskId}`, error);
        return;
      }
      this.sink.publish(task);
    });
    return this.flushed();
  }

  /** The handler produced the underlying request's result (a tool error with `isError` included). */
  complete(result: Readonly<Record<string, unknown>>): Promise<void> {
    return this.#end({ status: "completed", result });
  }

  /**
   * The handler's run ended without a result: cancelled, or a JSON-RPC error, which
   * is what `failed` is for (SEP-2663, "Task Execution Errors").
   */
  fail(reason: unknown): Promise<void> {
    if (reason instanceof RequestCancelled) return this.#end({ status: "cancelled", statusMessage: "Cancelled by the client" });
    let error: JsonRpcErrorObject;
    if (reason instanceof McpError) error = reason.toJsonRpc();
    else {
      this.sink.logger.error(`task ${this.#task.taskId} failed`, reason);
      error = new McpError("internal_error", "Internal error").toJsonRpc();
    }
    return this.#end({ status: "failed", statusMessage: `Tool execution failed: ${error.message}`, error });
  }

  #end(change: Change): Promise<void> {
    const done = this.#change({ ...change, inputRequests: undefined });
    // A handler still waiting on an answer is told the task is over.
    const reason: unknown = this.controller.reason;
    this.inputs.close(reason instanceof Error ? reason : new RequestCancelled("the task has ended"));
    return done;
  }
}

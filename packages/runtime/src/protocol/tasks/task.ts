/**
 * The task record of the tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663)
 * as a store keeps it, and its wire forms: the `Task` fields of a `CreateTaskResult`
 * and the `DetailedTask` that `tasks/get` and `notifications/tasks` carry.
 *
 * A stored task is plain JSON (times as epoch milliseconds), so a store other than
 * the in-memory one can serialise it as it is.
 */
import { McpError } from "../errors.js";
import type { InputRequest } from "../input-round.js";
import type { JsonRpcErrorObject } from "../jsonrpc.js";

export type TaskStatus = "working" | "input_required" | "completed" | "failed" | "cancelled";

const TERMINAL: ReadonlySet<TaskStatus> = new Set(["completed", "failed", "cancelled"]);

/** Terminal tasks never change again. */
export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL.has(status);
}

export interface StoredTask {
  /** Unguessable (122 random bits): the id is the only handle a client needs. */
  readonly taskId: string;
  /** Who created the task (see `ownerOf`); every task request is checked against it. */
  readonly owner: string | null;
  readonly status: TaskStatus;
  readonly statusMessage?: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  /** From `createdAt`; the store may forget the task after it. */
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  /** The questions the task waits on, by key; only while `input_required`. */
  readonly inputRequests?: Readonly<Record<string, InputRequest>>;
  /** The complete result of the underlying request; only when `completed`. */
  readonly result?: Readonly<Record<string, unknown>>;
  /** The JSON-RPC error the underlying request failed with; only when `failed`. */
  readonly error?: JsonRpcErrorObject;
}

/** When a store may forget `task`. */
export function expiresAt(task: StoredTask): number {
  return task.createdAt + task.ttlMs;
}

/**
 * `task` (unfinished) as a shared store shows it once the instance running it is gone
 * (killed, or cut off from the store for longer than its lease): `failed`, because the
 * run ended without a result, which is what a JSON-RPC error is for (SEP-2663, "Task
 * Execution Errors"). Its questions are dropped: nobody is left to answer them.
 */
export function runnerStopped(task: StoredTask, now: number): StoredTask {
  const error = new McpError("internal_error", "The server instance running this task stopped before it finished").toJsonRpc();
  const { inputRequests: _dropped, ...rest } = task;
  return { ...rest, status: "failed", statusMessage: `Tool execution failed: ${error.message}`, error, lastUpdatedAt: Math.max(now, task.lastUpdatedAt) };
}

/** The `Task` fields (SEP-2663 "Tasks"): what a `CreateTaskResult` carries besides `resultType`. */
export function taskFields(task: StoredTask): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    taskId: task.taskId,
    status: task.status,
    createdAt: new Date(task.createdAt).toISOString(),
    lastUpdatedAt: new Date(task.lastUpdatedAt).toISOString(),
    ttlMs: task.ttlMs,
    pollIntervalMs: task.pollIntervalMs,
  };
  if (task.statusMessage !== undefined) fields.statusMessage = task.statusMessage;
  return fields;
}

/** A `DetailedTask`: the `Task` fields with the payload its status calls for inlined. */
export function detailedTask(task: StoredTask): Record<string, unknown> {
  const fields = taskFields(task);
  if (task.status === "input_required") fields.inputRequests = task.inputRequests ?? {};
  if (task.status === "completed" && task.result !== undefined) fields.result = task.result;
  if (task.status === "failed" && task.error !== undefined) fields.error = task.error;
  return fields;
}

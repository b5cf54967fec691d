/**
 * The seam through which `tasks/update` and `tasks/cancel` reach a task whose handler
 * runs on another instance. A shared task store makes every task readable everywhere,
 * but the run (its `ctx.signal`, its waiting questions) lives in one process; the
 * runtime brings no relay of its own: a cluster message bus implements this. Without
 * one, answers and cancellations for a run elsewhere are acknowledged and go nowhere
 * (cancellation is cooperative, SEP-2663 "Task Cancellation"), so clients must then
 * reach the instance running the task.
 */
import type { StoredTask } from "./task.js";

/** What one instance does for the task runs it holds; the task manager hands it to the relay. */
export interface LocalTaskRuns {
  /** Cancels the run if this instance holds it; false when it does not. */
  cancel(taskId: string): boolean;
  /** Applies `tasks/update` answers to the run if this instance holds it, resolving once stored; false when it does not. */
  update(taskId: string, inputResponses: Readonly<Record<string, unknown>>): Promise<boolean>;
  /** A task another instance runs changed: tells this instance's `subscriptions/listen` watchers of it. */
  changed(task: StoredTask): void;
}

/**
 * Delivers to the instance running a task what a client sent to another one. The
 * caller's ownership of the task has been checked before either method is called.
 */
export interface TaskRunRelay {
  /** Called once per server with the runs it holds, so the relay can deliver what other instances send for them. */
  serve(local: LocalTaskRuns): void;
  /** Asks the instance running `taskId` to cancel it. */
  cancel(taskId: string): Promise<void>;
  /** Hands answers to the instance running `taskId`; rejects when they could not be delivered (the client may retry). */
  update(taskId: string, inputResponses: Readonly<Record<string, unknown>>): Promise<void>;
  /** A task this instance runs changed: the other instances tell their watchers (`LocalTaskRuns.changed`). */
  changed(task: StoredTask): void;
}

/**
 * The tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663) on the server:
 * decides when a `tools/call` becomes a task, runs the ordinary tool handler as one,
 * and serves `tasks/get`, `tasks/update`, `tasks/cancel` and task status
 * notifications from the task store.
 *
 * Task creation is server-directed: a task-supporting tool called by a client that
 * declared the extension on the request runs for the tool's `taskAfterMs`; if it
 * has not finished by then (or at once, with the default 0), the task is stored and
 * the client gets a `CreateTaskResult` while the handler carries on. Until then the
 * call is an ordinary request: it can finish directly, and its questions go back as
 * input-required rounds; after, its questions wait in the task for `tasks/update`.
 */
import { randomUUID } from "node:crypto";
import { DEFAULT_TASK_AFTER_MS } from "../../config/defaults.js";
import type { ToolContext } from "../../handlers/context.js";
import type { ServerLogger } from "../logger.js";
import type { ToolRoute } from "../../routing/types.js";
import type { ChangeListener, Connection } from "../connection.js";
import { RequestCancelled, runWithDeadline } from "../deadline.js";
import { LazyAbort } from "../lazy-abort.js";
import { McpError } from "../errors.js";
import { projectFields } from "../fields.js";
import { ASK_METHODS, type AskKind } from "../input-round.js";
import type { CallToolResult } from "../../handlers/mcp-types.js";
import type { MethodCall, MethodResult } from "../method.js";
import { toolFailure, toolResult } from "../methods/tool-results.js";
import type { ResultEnvelope } from "../result-envelope.js";
import { clientNegotiatedTasks, missingTasksExtension, ownerOf, servesTasks, taskSupportOf } from "./extension.js";
import type { ResolvedTaskOptions } from "./options.js";
import { TaskRun } from "./task-run.js";
import { detailedTask, isTerminal, taskFields, type StoredTask } from "./task.js";
import { isRecord } from "../is-record.js";

export interface TaskManagerOptions extends ResolvedTaskOptions {
  readonly envelope: ResultEnvelope;
  readonly logger: ServerLogger;
  /** Handler timeout for tools whose policy sets none; a task's run is bounded like any call. */
  readonly defaultTimeoutMs: number;
  /** Aborted when the server closes: running tasks fail with -32008. */
  readonly shutdown: AbortSignal;
}

/** SEP-2663, "Protocol Errors": an unknown task, and one of another owner, look the same. */
function taskNotFound(): McpError {
  return new McpError("invalid_params", "Failed to retrieve task: Task not found");
}

/**
 * Resolves with the sync part of `promote` once `afterMs` passed, unless `outcome`
 * settled first (then undefined) or the handler is waiting on an input-required
 * round, which must go back to the client as such.
 */
function whenLate(outcome: Promise<unknown>, afterMs: number, waitingOnRound: () => boolean, promote: () => TaskRun): Promise<TaskRun | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (!waitingOnRound()) resolve(promote());
    }, afterMs);
    const settled = (): void => {
      clearTimeout(timer);
      resolve(undefined);
    };
    outcome.then(settled, settled);
  });
}

export class TaskManager {
  /** Handler runs of this instance, by task id: what `tasks/update` and `tasks/cancel` reach. */
  readonly #runs = new Map<string, TaskRun>();
  readonly #watchers = new Map<string, Set<ChangeListener>>();

  constructor(private readonly options: TaskManagerOptions) {
    options.shutdown.addEventListener(
      "abort",
      () => {
        const reason = new McpError("server_shutting_down", "The server shut down before the task finished");
        for (const run of this.#runs.values()) run.controller.abort(reason);
      },
      { once: true },
    );
    // Other instances reach the runs held here through the relay (a cluster message bus).
    options.relay?.serve({
      cancel: (taskId) => this.#cancelRun(taskId),
      update: (taskId, inputResponses) => this.#answerRun(taskId, inputResponses),
      changed: (task) => this.#tellWatchers(task),
    });
  }

  /** Aborts the run of `taskId` if this instance holds it. */
  #cancelRun(taskId: string): boolean {
    const run = this.#runs.get(taskId);
    run?.controller.abort(new RequestCancelled("cancelled by tasks/cancel"));
    return run !== undefined;
  }

  /** Gives the run of `taskId` its answers if this instance holds it; resolves once its new state is stored. */
  async #answerRun(taskId: string, inputResponses: Readonly<Record<string, unknown>>): Promise<boolean> {
    const run = this.#runs.get(taskId);
    if (!run) return false;
    run.inputs.answer(inputResponses);
    await run.flushed();
    return true;
  }

  /**
   * Whether this `tools/call` may become a task: the tool supports tasks and the
   * request declared the extension. A tool that requires a task refuses a
   * 2026-07-28 client without it (-32021); legacy versions have no tasks, and get
   * every tool synchronously.
   */
  mayRunAsTask(route: ToolRoute, connection: Connection): boolean {
    const support = taskSupportOf(route);
    if (support === "forbidden" || !connection.stateless) return false;
    if (clientNegotiatedTasks(connection.clientCapabilities)) return true;
    if (support === "required") throw missingTasksExtension(`tool ${route.definition.name}`);
    return false;
  }

  /** Runs a tool call that may become a task; `input` is validated already. */
  async callTool(call: MethodCall, route: ToolRoute, input: unknown): Promise<MethodResult> {
    const { connection, context, logger } = call;
    const { name } = route.definition;
    const version = connection.protocolVersion;
    const controller = new LazyAbort();
    // Until the call is a task it belongs to its request: the client's cancellation,
    // or the dispatcher abandoning the run for an input-required round, stops it.
    const follow = (): void => controller.abort(context.signal.reason);
    if (context.signal.aborted) follow();
    else context.signal.addEventListener("abort", follow, { once: true });

    let run: TaskRun | undefined;
    let waitingOnRound = false;
    const counters: Record<AskKind, number> = { elicitation: 0, sampling: 0, roots: 0 };
    connection.askRouter = {
      ask: (kind, params, key, parse) => {
        // Named here, not by the round, so the handler's n-th question has one name whichever side asks it.
        const name = key ?? `${kind}-${++counters[kind]}`;
        if (run) return run.inputs.ask(ASK_METHODS[kind], params, name, parse);
        const round = connection.inputRound;
        if (!round) throw new McpError("internal_error", `Internal error: ${ASK_METHODS[kind]} cannot be asked while serving this method`);
        const answer = round.ask(kind, params, name, parse);
        if (Object.keys(round.inputRequests).length > 0) waitingOnRound = true;
        return answer;
      },
    };
    // notifications/progress and notifications/message are not supported on tasks (SEP-2663): dropped once the call is one.
    const ctx: ToolContext = {
      ...context,
      signal: controller.signal,
      log: (level, data, loggerName) => (run === undefined ? context.log(level, data, loggerName) : undefined),
      progress: (update) => (run === undefined ? context.progress(update) : undefined),
      // Calls follow the task's signal (tasks/cancel, its timeout), not the request's, which ends with the task handle.
      dependency: (dependencyName) => call.dependencies.bind(dependencyName, controller.signal),
    };
    const start = (): Promise<CallToolResult> =>
      runWithDeadline(controller, route.policy.timeoutMs ?? this.options.defaultTimeoutMs, () => route.handler(input, ctx)).then(
        (output) => toolResult(route, output, logger, true),
        (error: unknown) => toolFailure(name, error, logger),
      );
    const promote = (): TaskRun => (run = this.#open(ownerOf(context), controller));

    let task: TaskRun;
    let outcome: Promise<CallToolResult> | undefined;
    const afterMs = route.execution?.taskAfterMs ?? DEFAULT_TASK_AFTER_MS;
    if (afterMs > 0) {
      outcome = start();
      const late = await whenLate(outcome, afterMs, () => waitingOnRound, promote);
      if (late === undefined) {
        // Finished in time, or went back to the client for input: an ordinary answer; errors rethrow.
        context.signal.removeEventListener("abort", follow);
        return projectFields("callToolResult", await outcome, version);
      }
      task = late;
    } else task = promote();
    let refused: McpError | undefined;
    try {
      if (!(await task.created)) refused = new McpError("rate_limited", "Too many tasks in progress: try again later");
    } catch (error) {
      logger.error(`the task store failed to create a task for tool ${name}`, error);
      refused = new McpError("internal_error", "Internal error");
    }
    // From here the task is the client's handle: its request no longer matters.
    context.signal.removeEventListener("abort", follow);
    if (refused) {
      // No task the client could poll: stop the handler and answer the request with the error.
      this.#runs.delete(task.task.taskId);
      controller.abort(refused);
      task.inputs.close(refused);
      outcome?.catch(() => undefined);
      throw refused;
    }
    outcome ??= start();
    void outcome
      .then(
        (result) => task.complete(this.options.envelope.complete("tools/call", projectFields("callToolResult", result, version), version)),
        (error: unknown) => task.fail(error),
      )
      .finally(() => this.#runs.delete(task.task.taskId));
    return this.options.envelope.task(taskFields(task.task), version);
  }

  /** A new task for a run, registered at once so every question from here on reaches it. */
  #open(owner: string | null, controller: LazyAbort): TaskRun {
    const now = Date.now();
    const record: StoredTask = {
      taskId: randomUUID(),
      owner,
      status: "working",
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: this.options.ttlMs,
      pollIntervalMs: this.options.pollIntervalMs,
    };
    const run = new TaskRun(record, controller, { store: this.options.store, logger: this.options.logger, publish: (task) => this.#publish(task) });
    this.#runs.set(record.taskId, run);
    return run;
  }

  /** The caller's task; anything else is -32602. */
  async #find(taskId: string, owner: string | null): Promise<StoredTask> {
    const task = await this.options.store.get(taskId);
    if (task === undefined || task.owner !== owner) throw taskNotFound();
    return task;
  }

  /** `tasks/get`: the `DetailedTask`, result or error inlined. */
  async get(taskId: string, owner: string | null): Promise<MethodResult> {
    return detailedTask(await this.#find(taskId, owner));
  }

  /** `tasks/update`: answers for the questions the task waits on; acknowledged once stored. */
  async update(taskId: string, owner: string | null, inputResponses: unknown): Promise<MethodResult> {
    if (!isRecord(inputResponses)) throw new McpError("invalid_params", "Invalid params: tasks/update needs inputResponses, an object");
    const task = await this.#find(taskId, owner);
    if (!(await this.#answerRun(taskId, inputResponses)) && !isTerminal(task.status)) await this.options.relay?.update(taskId, inputResponses);
    return {};
  }

  /** `tasks/cancel`: a signal, acknowledged at once; the task settles to `cancelled` unless it finished first. */
  async cancel(taskId: string, owner: string | null): Promise<MethodResult> {
    const task = await this.#find(taskId, owner);
    if (this.#cancelRun(taskId) || isTerminal(task.status) || this.options.relay === undefined) return {};
    // Cancellation is cooperative (SEP-2663): a relay that fails is reported here, and the client still gets its acknowledgement.
    await this.options.relay.cancel(taskId).catch((error: unknown) => this.options.logger.error(`could not relay tasks/cancel of task ${taskId}`, error));
    return {};
  }

  /**
   * The tasks of `ids` a `subscriptions/listen` may watch: the caller's own. A client
   * that did not declare the extension gets -32021 (SEP-2663, "Task Status Notifications").
   */
  async watchable(call: MethodCall, ids: unknown): Promise<readonly StoredTask[] | undefined> {
    if (ids === undefined || !servesTasks(call.routes)) return undefined;
    if (!clientNegotiatedTasks(call.connection.clientCapabilities)) throw missingTasksExtension("notifications.taskIds");
    if (!Array.isArray(ids)) throw new McpError("invalid_params", "Invalid params: notifications.taskIds must be a list of task ids");
    const owner = ownerOf(call.context);
    const found = await Promise.all(ids.filter((id): id is string => typeof id === "string").map((id) => this.options.store.get(id)));
    return found.filter((task): task is StoredTask => task !== undefined && task.owner === owner);
  }

  /** Sends `notifications/tasks` for `tasks` to `listener` from now on, starting with their current state. */
  watch(listener: ChangeListener, tasks: readonly StoredTask[]): void {
    for (const stored of tasks) {
      const task = this.#runs.get(stored.taskId)?.task ?? stored;
      if (!isTerminal(task.status)) {
        let watchers = this.#watchers.get(task.taskId);
        if (!watchers) this.#watchers.set(task.taskId, (watchers = new Set()));
        watchers.add(listener);
      }
      listener.notify("notifications/tasks", detailedTask(task));
    }
  }

  unwatch(listener: ChangeListener): void {
    for (const [taskId, watchers] of this.#watchers) {
      watchers.delete(listener);
      if (watchers.size === 0) this.#watchers.delete(taskId);
    }
  }

  /** A run here changed its task: this instance's watchers and, through the relay, the other instances' hear of it. */
  #publish(task: StoredTask): void {
    this.#tellWatchers(task);
    this.options.relay?.changed(task);
  }

  #tellWatchers(task: StoredTask): void {
    const watchers = this.#watchers.get(task.taskId);
    if (!watchers) return;
    const params = detailedTask(task);
    for (const listener of watchers) listener.notify("notifications/tasks", params);
    // A finished task never changes again.
    if (isTerminal(task.status)) this.#watchers.delete(task.taskId);
  }
}

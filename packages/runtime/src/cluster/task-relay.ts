/**
 * `tasks/update` and `tasks/cancel` that reach another instance than the one running
 * the task, carried over the cluster bus (the `TaskRunRelay` of protocol/tasks). Each
 * instance hears every relayed request on the `tasks` topic and applies it to the run
 * if it holds it; an update is confirmed to the instance that relayed it (on its own
 * topic), so the client learns whether its answers arrived. Cancellation is
 * cooperative and needs no confirmation. Each change of a task's state is published
 * on `task-status`, so `subscriptions/listen` streams on every instance hear of it.
 */
import { randomUUID } from "node:crypto";
import { DEFAULT_TASK_RELAY_TIMEOUT_MS } from "../config/defaults.js";
import { McpError } from "../protocol/errors.js";
import { isRecord } from "../protocol/is-record.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { LocalTaskRuns, TaskRunRelay } from "../protocol/tasks/relay.js";
import type { StoredTask } from "../protocol/tasks/task.js";
import type { BusSubscription, ClusterBus } from "./bus.js";

const TASKS_TOPIC = "tasks";
const STATUS_TOPIC = "task-status";
const confirmations = (instanceId: string): string => `task-confirmations:${instanceId}`;

type Relayed =
  | { readonly t: "cancel"; readonly taskId: string }
  | { readonly t: "update"; readonly taskId: string; readonly inputResponses: Readonly<Record<string, unknown>>; readonly from: string; readonly ref: string };

function parse(text: string): Relayed | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value) || typeof value.taskId !== "string") return undefined;
    if (value.t === "cancel") return value as unknown as Relayed;
    if (value.t === "update" && isRecord(value.inputResponses) && typeof value.from === "string" && typeof value.ref === "string")
      return value as unknown as Relayed;
    return undefined;
  } catch {
    return undefined;
  }
}

function parseStatus(text: string): { readonly from: string; readonly task: StoredTask } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (
      !isRecord(value) ||
      typeof value.from !== "string" ||
      !isRecord(value.task) ||
      typeof value.task.taskId !== "string" ||
      typeof value.task.status !== "string"
    ) {
      return undefined;
    }
    return value as unknown as { from: string; task: StoredTask };
  } catch {
    return undefined;
  }
}

export interface BusTaskRelayOptions {
  /** How long an update waits for the running instance's confirmation; default 5 s. */
  readonly timeoutMs?: number;
  readonly logger?: ServerLogger;
}

/**
 * @example
 * ```ts
 * import { BusTaskRelay, MemoryBusNetwork } from "@turbomcp/runtime/http";
 * import { createServer, defineRoutes } from "@turbomcp/runtime";
 * const bus = new MemoryBusNetwork().bus();
 * const server = createServer(defineRoutes({ server: { name: "demo", version: "1.0.0" } }), { tasks: { relay: new BusTaskRelay(bus) } });
 * ```
 */
export class BusTaskRelay implements TaskRunRelay {
  readonly #pending = new Map<string, (taken: boolean) => void>();
  readonly #subscriptions: BusSubscription[] = [];
  readonly #timeoutMs: number;
  readonly #logger: ServerLogger;

  constructor(
    private readonly bus: ClusterBus,
    options: BusTaskRelayOptions = {},
  ) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TASK_RELAY_TIMEOUT_MS;
    this.#logger = options.logger ?? stderrLogger;
    this.#subscriptions.push(bus.subscribe(confirmations(bus.instanceId), this.#onConfirmation));
  }

  serve(local: LocalTaskRuns): void {
    this.#subscriptions.push(
      this.bus.subscribe(STATUS_TOPIC, (text) => {
        const change = parseStatus(text);
        if (change === undefined) return this.#logger.warn("cluster bus: ignored a malformed task status");
        // This instance told its own watchers when the change happened.
        if (change.from !== this.bus.instanceId) local.changed(change.task);
      }),
    );
    this.#subscriptions.push(
      this.bus.subscribe(TASKS_TOPIC, (text) => {
        const relayed = parse(text);
        if (relayed === undefined) return this.#logger.warn("cluster bus: ignored a malformed task message");
        if (relayed.t === "cancel") {
          local.cancel(relayed.taskId);
          return;
        }
        void local.update(relayed.taskId, relayed.inputResponses).then(
          (taken) => {
            if (taken) void this.bus.publish(confirmations(relayed.from), JSON.stringify({ ref: relayed.ref }));
          },
          (error: unknown) => this.#logger.error(`could not apply relayed answers to task ${relayed.taskId}`, error),
        );
      }),
    );
  }

  changed(task: StoredTask): void {
    void this.bus.publish(STATUS_TOPIC, JSON.stringify({ from: this.bus.instanceId, task }));
  }

  async cancel(taskId: string): Promise<void> {
    void this.bus.publish(TASKS_TOPIC, JSON.stringify({ t: "cancel", taskId }));
  }

  update(taskId: string, inputResponses: Readonly<Record<string, unknown>>): Promise<void> {
    const ref = randomUUID();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => settle(false), this.#timeoutMs);
      const settle = (taken: boolean): void => {
        clearTimeout(timer);
        this.#pending.delete(ref);
        if (taken) resolve();
        else reject(new McpError("server_busy", `The answers to task ${taskId} could not be handed to the server instance running it: send them again`));
      };
      this.#pending.set(ref, settle);
      void this.bus.publish(TASKS_TOPIC, JSON.stringify({ t: "update", taskId, inputResponses, from: this.bus.instanceId, ref }));
    });
  }

  /** Stops listening; updates still waiting are refused. */
  close(): void {
    for (const subscription of this.#subscriptions.splice(0)) subscription.close();
    for (const settle of [...this.#pending.values()]) settle(false);
  }

  readonly #onConfirmation = (text: string): void => {
    try {
      const value: unknown = JSON.parse(text);
      if (isRecord(value) && typeof value.ref === "string") this.#pending.get(value.ref)?.(true);
    } catch {
      this.#logger.warn("cluster bus: ignored a malformed task confirmation");
    }
  };
}

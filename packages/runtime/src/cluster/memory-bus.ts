/**
 * A bus within one process: every `MemoryBus` made from one `MemoryBusNetwork`
 * hears the others, as instances on one Redis would. Delivery is asynchronous and
 * in order per publisher, like Redis pub/sub, so code tested on it meets the same
 * interleavings.
 */
import { randomBytes } from "node:crypto";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { BusSubscription, ClusterBus } from "./bus.js";
import { TopicHandlers } from "./topics.js";

const READY: Promise<void> = Promise.resolve();

export class MemoryBusNetwork {
  readonly #members = new Set<MemoryBus>();

  /** A new member: one instance's bus. */
  bus(options: { readonly logger?: ServerLogger } = {}): MemoryBus {
    const bus = new MemoryBus(this, options.logger ?? stderrLogger);
    this.#members.add(bus);
    return bus;
  }

  /** @internal */
  leave(bus: MemoryBus): void {
    this.#members.delete(bus);
  }

  /** @internal */
  publish(topic: string, message: string): Promise<void> {
    const members = [...this.#members];
    return new Promise((resolve) =>
      setImmediate(() => {
        for (const member of members) member.deliver(topic, message);
        resolve();
      }),
    );
  }
}

export class MemoryBus implements ClusterBus {
  readonly instanceId = randomBytes(6).toString("hex");
  readonly #handlers: TopicHandlers;
  #closed = false;

  constructor(
    private readonly network: MemoryBusNetwork,
    logger: ServerLogger,
  ) {
    this.#handlers = new TopicHandlers(logger);
  }

  publish(topic: string, message: string): Promise<void> {
    return this.#closed ? Promise.resolve() : this.network.publish(topic, message);
  }

  subscribe(topic: string, handler: (message: string) => void): BusSubscription {
    this.#handlers.add(topic, handler);
    return { ready: READY, close: () => void this.#handlers.remove(topic, handler) };
  }

  async ping(): Promise<boolean> {
    return !this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#handlers.clear();
    this.network.leave(this);
  }

  /** @internal */
  deliver(topic: string, message: string): void {
    if (!this.#closed) this.#handlers.deliver(topic, message);
  }
}

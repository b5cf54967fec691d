/**
 * The cluster bus on Redis pub/sub. It takes two ioredis connections from the
 * application: one to publish on (may be shared with other stores), and one to
 * subscribe on (Redis gives a subscribing connection to pub/sub alone). ioredis
 * joins the channels again after a reconnect; what is published while an instance is
 * cut off is lost to it, as pub/sub promises no more, and the relay is built for
 * that (a lost notification is a lost notification; sessions themselves live in the
 * store).
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { DEFAULT_CLUSTER_BUS_REDIS_PREFIX } from "../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { BusSubscription, ClusterBus } from "./bus.js";
import { TopicHandlers } from "./topics.js";

export interface RedisBusOptions {
  /** Publishes; an ordinary connection, which other stores may share. */
  readonly publisher: Redis;
  /** Subscribes; a connection of its own, used for nothing else. */
  readonly subscriber: Redis;
  /** Prefix of every channel; default `turbomcp:bus:`. Servers that must not hear each other on one Redis use different prefixes. */
  readonly channelPrefix?: string;
  readonly logger?: ServerLogger;
}

/**
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { RedisBus } from "@turbomcp/runtime/redis";
 * const bus = new RedisBus({ publisher: new Redis(process.env.REDIS_URL!), subscriber: new Redis(process.env.REDIS_URL!) });
 * ```
 */
export class RedisBus implements ClusterBus {
  readonly instanceId = randomBytes(6).toString("hex");
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #logger: ServerLogger;
  readonly #handlers: TopicHandlers;
  #failing = false;
  #closed = false;

  constructor(options: RedisBusOptions) {
    if (typeof options.publisher?.publish !== "function" || typeof options.subscriber?.subscribe !== "function") {
      throw new TypeError("RedisBus needs two ioredis clients, `publisher` and `subscriber`");
    }
    if (options.publisher === options.subscriber) throw new TypeError("RedisBus needs a subscriber connection of its own, not the publisher");
    this.#publisher = options.publisher;
    this.#subscriber = options.subscriber;
    this.#prefix = options.channelPrefix ?? DEFAULT_CLUSTER_BUS_REDIS_PREFIX;
    this.#logger = options.logger ?? stderrLogger;
    this.#handlers = new TopicHandlers(this.#logger);
    this.#subscriber.on("message", this.#onMessage);
  }

  publish(topic: string, message: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#publisher.publish(this.#prefix + topic, message).then(this.#published, this.#failed);
  }

  subscribe(topic: string, handler: (message: string) => void): BusSubscription {
    const first = this.#handlers.add(topic, handler);
    const ready = first ? this.#subscriber.subscribe(this.#prefix + topic).then(() => undefined, this.#failed) : Promise.resolve();
    return {
      ready,
      close: () => {
        if (this.#handlers.remove(topic, handler) && !this.#closed) this.#subscriber.unsubscribe(this.#prefix + topic).catch(this.#failed);
      },
    };
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.#publisher.ping()) === "PONG" && this.#subscriber.status === "ready";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const topics = this.#handlers.topics();
    this.#handlers.clear();
    this.#subscriber.off("message", this.#onMessage);
    if (topics.length > 0) await this.#subscriber.unsubscribe(...topics.map((topic) => this.#prefix + topic)).catch(() => undefined);
  }

  readonly #onMessage = (channel: string, message: string): void => {
    if (channel.startsWith(this.#prefix)) this.#handlers.deliver(channel.slice(this.#prefix.length), message);
  };

  readonly #published = (): void => {
    if (this.#failing) this.#logger.warn("cluster bus: Redis publishes succeed again");
    this.#failing = false;
  };

  readonly #failed = (error: unknown): void => {
    // Once per outage: a Redis that is down would otherwise log on every message.
    if (!this.#failing) this.#logger.error("cluster bus: Redis pub/sub failed; messages between instances are lost until it recovers", error);
    this.#failing = true;
  };
}

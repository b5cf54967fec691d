/**
 * Handlers per topic on one instance, shared by the bus implementations: the first
 * handler of a topic joins it, the last one to go leaves it. A handler that throws
 * is reported and the others still run.
 */
import type { ServerLogger } from "../protocol/logger.js";

export class TopicHandlers {
  readonly #handlers = new Map<string, Set<(message: string) => void>>();

  constructor(private readonly logger: ServerLogger) {}

  /** Adds a handler; true when it is the topic's first (join it now). */
  add(topic: string, handler: (message: string) => void): boolean {
    const handlers = this.#handlers.get(topic);
    if (handlers !== undefined) {
      handlers.add(handler);
      return false;
    }
    this.#handlers.set(topic, new Set([handler]));
    return true;
  }

  /** Removes a handler; true when it was the topic's last (leave it now). */
  remove(topic: string, handler: (message: string) => void): boolean {
    const handlers = this.#handlers.get(topic);
    if (handlers === undefined || !handlers.delete(handler) || handlers.size > 0) return false;
    this.#handlers.delete(topic);
    return true;
  }

  has(topic: string): boolean {
    return this.#handlers.has(topic);
  }

  topics(): string[] {
    return [...this.#handlers.keys()];
  }

  clear(): void {
    this.#handlers.clear();
  }

  deliver(topic: string, message: string): void {
    // A copy: a handler may unsubscribe (itself or another) while we iterate.
    for (const handler of [...(this.#handlers.get(topic) ?? [])]) {
      try {
        handler(message);
      } catch (error) {
        this.logger.error(`cluster bus handler for ${topic} failed`, error);
      }
    }
  }
}

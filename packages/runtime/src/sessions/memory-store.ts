/**
 * The default session store: records in a map of this process (shared by the
 * servers of one process, which is how tests run several "instances"). Expired records are
 * dropped when read or counted; the manager deletes the records of sessions it ends,
 * so nothing piles up between reads.
 */
import type { SessionRecord, SharedSessionStore } from "./store.js";

interface Entry {
  readonly record: SessionRecord;
  readonly expires: number;
}

/**
 * @example
 * ```ts
 * import { MemorySessionStore, SessionManager } from "@turbomcp/runtime/http";
 * const sessions = new SessionManager({ store: new MemorySessionStore() });
 * ```
 */
export class MemorySessionStore implements SharedSessionStore {
  readonly #entries = new Map<string, Entry>();

  async save(record: SessionRecord, ttlMs: number): Promise<void> {
    // Kept as given: records are readonly, and the manager builds a fresh one per write.
    this.#entries.set(record.id, { record, expires: Date.now() + ttlMs });
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.expires > Date.now()) return entry.record;
    this.#entries.delete(id);
    return undefined;
  }

  async claim(record: SessionRecord, ttlMs: number, maxPerOwner: number): Promise<boolean> {
    if (record.owner !== undefined && !this.#entries.has(record.id)) {
      this.#prune();
      let held = 0;
      for (const entry of this.#entries.values()) if (entry.record.owner === record.owner) held++;
      if (held >= maxPerOwner) return false;
    }
    await this.save(record, ttlMs);
    return true;
  }

  async touch(id: string, requests: number, ttlMs: number): Promise<number | undefined> {
    const record = await this.get(id);
    if (record === undefined) return undefined;
    const now = Date.now();
    this.#entries.set(id, { record: { ...record, requests: record.requests + requests, lastSeen: now }, expires: now + ttlMs });
    return record.requests + requests;
  }

  async delete(id: string): Promise<void> {
    this.#entries.delete(id);
  }

  async count(): Promise<number> {
    this.#prune();
    return this.#entries.size;
  }

  async list(): Promise<SessionRecord[]> {
    this.#prune();
    return Array.from(this.#entries.values(), (entry) => entry.record);
  }

  #prune(): void {
    const now = Date.now();
    for (const [id, entry] of this.#entries) if (entry.expires <= now) this.#entries.delete(id);
  }
}

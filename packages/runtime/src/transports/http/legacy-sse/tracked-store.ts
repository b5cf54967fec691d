/**
 * The session store as the legacy SSE session manager writes to it, with each
 * session's last write remembered until it lands. The manager writes behind the
 * request; with several instances the stream's `endpoint` event must wait for the
 * record, or the client's first POST could reach an instance that finds no session
 * yet, and the relay lets go of a session only once its record is gone, so a POST
 * that still finds the record always gets an answer.
 */
import type { SessionRecord, SessionStore } from "../../../sessions/store.js";

const DONE: Promise<void> = Promise.resolve();

export class TrackedStore implements SessionStore {
  readonly #writes = new Map<string, Promise<void>>();

  constructor(private readonly store: SessionStore) {}

  /** Resolves once the last write for `id` issued so far has landed or failed (the manager reports failures). */
  written(id: string): Promise<void> {
    return this.#writes.get(id) ?? DONE;
  }

  save(record: SessionRecord, ttlMs: number): Promise<void> {
    return this.#track(record.id, this.store.save(record, ttlMs));
  }

  delete(id: string): Promise<void> {
    return this.#track(id, this.store.delete(id));
  }

  get(id: string): Promise<SessionRecord | undefined> {
    return this.store.get(id);
  }

  count(): Promise<number> {
    return this.store.count();
  }

  list(): Promise<SessionRecord[]> {
    return this.store.list();
  }

  #track(id: string, write: Promise<void>): Promise<void> {
    // The store keeps one caller's writes in order, so the last one landing means all have.
    const landed = write.then(
      () => undefined,
      () => undefined,
    );
    this.#writes.set(id, landed);
    void landed.then(() => {
      if (this.#writes.get(id) === landed) this.#writes.delete(id);
    });
    return write;
  }
}

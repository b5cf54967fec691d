/**
 * Hits taken from a shared counter in batches, so that a store every instance shares
 * (Redis) costs a round trip per batch instead of one per request: an instance adds
 * `batch` hits to the shared count at once and spends them locally, one per request,
 * until they run out or the window ends.
 *
 * What it trades: reserved hits count for everyone at once, so while instances hold
 * unspent hits the others reach the limit a little early, never late. The batch is a
 * small share of the limit (`batchOf`), so an instance holds back at most that share;
 * limits too small for a batch of two are counted hit by hit, exactly.
 *
 * Once the shared count passes the limit, the key is refused here without asking again
 * until its window ends: counts in a fixed window only grow, so the answer cannot change
 * (a `reset` of the key on another instance is seen here when the window ends).
 */
import type { LimitCount } from "./store.js";

/** The shared count after a reservation, and when its window ends (epoch ms). */
export interface SharedCount {
  readonly total: number;
  readonly resetAt: number;
}

/** Adds `hits` to the shared count of `key` in its window of `windowMs` (starting the window when it is new). */
export type ReserveHits = (key: string, windowMs: number, hits: number) => Promise<SharedCount>;

/** Gives hits back to the shared count, and forgets it. */
export type ReturnHit = (key: string, windowMs: number) => Promise<void>;
export type ForgetKey = (key: string, windowMs: number) => Promise<void>;

export interface HitReservations {
  /** One hit of `key`; with the policy's `limit`, hits are reserved in batches. */
  increment(key: string, windowMs: number, limit?: number): Promise<LimitCount>;
  decrement(key: string, windowMs: number): Promise<void>;
  reset(key: string, windowMs: number): Promise<void>;
  /** Keys held here: reservations with hits left, or refused until their window ends. */
  readonly size: number;
  /** Drops reservations whose window has ended. */
  sweep(now?: number): void;
}

interface Reservation {
  /** The shared count as this instance knows it, counting every hit it reserved as spent. */
  total: number;
  /** Reserved hits not yet spent here. */
  left: number;
  readonly resetAt: number;
  /** The shared count has reached the limit: once `left` is spent, refuse without asking. */
  readonly full: boolean;
}

/** The batch for a limit: `share` of it, at most `max`; 1 (hit by hit) without a limit or share. */
function batchOf(limit: number | undefined, share: number, max: number): number {
  if (limit === undefined || !(share > 0)) return 1;
  return Math.max(1, Math.min(max, Math.floor(limit * share)));
}

export interface HitReservationOptions {
  readonly reserve: ReserveHits;
  readonly giveBack: ReturnHit;
  readonly forget: ForgetKey;
  /** The share of a limit reserved at once (0: every hit goes to the shared count). */
  readonly share: number;
  /** The largest batch. */
  readonly maxBatch: number;
}

export function createHitReservations(options: HitReservationOptions): HitReservations {
  const { reserve, giveBack, forget, share, maxBatch } = options;
  const held = new Map<string, Reservation>();
  // A reservation under way per key: hits that find none left wait for it instead of
  // each sending its own (under load, every request of one client arrives at once).
  const pending = new Map<string, Promise<void>>();
  const idOf = (key: string, windowMs: number): string => `${windowMs}:${key}`;

  /** The held reservation of `id`, if its window has not ended. */
  const current = (id: string): Reservation | undefined => {
    const reservation = held.get(id);
    if (reservation === undefined || Date.now() < reservation.resetAt) return reservation;
    held.delete(id);
    return undefined;
  };

  /** Spends one reserved hit, or counts one refused hit once the limit is reached; undefined when neither applies. */
  const spend = (id: string): LimitCount | undefined => {
    const reservation = current(id);
    if (reservation === undefined) return undefined;
    if (reservation.left > 0) {
      reservation.left--;
      if (reservation.left === 0 && !reservation.full) held.delete(id);
      return { totalHits: reservation.total - reservation.left, resetAt: reservation.resetAt };
    }
    if (!reservation.full) return undefined;
    reservation.total++;
    return { totalHits: reservation.total, resetAt: reservation.resetAt };
  };

  /**
   * Reserves a batch; this caller's hit is its first, the rest are held for later hits.
   * Hits of a batch past the limit report counts past it, so the limiter refuses them.
   */
  const take = async (id: string, key: string, windowMs: number, limit: number | undefined): Promise<LimitCount> => {
    const batch = batchOf(limit, share, maxBatch);
    const { total, resetAt } = await reserve(key, windowMs, batch);
    const full = limit !== undefined && total >= limit;
    const left = batch - 1;
    if (left > 0 || full) held.set(id, { total, left, resetAt, full });
    else held.delete(id);
    return { totalHits: total - left, resetAt };
  };

  return {
    async increment(key, windowMs, limit) {
      const id = idOf(key, windowMs);
      for (;;) {
        const spent = spend(id);
        if (spent !== undefined) return spent;
        const waiting = pending.get(id);
        if (waiting !== undefined) {
          // Another hit is reserving: wait for its batch (its failure is this hit's too).
          await waiting;
          continue;
        }
        const taking = take(id, key, windowMs, limit);
        const settled = taking.then(() => undefined);
        // Waiters see a failure through `settled`; when none waits, nobody else would handle it.
        settled.catch(() => undefined);
        pending.set(id, settled);
        try {
          return await taking;
        } finally {
          pending.delete(id);
        }
      }
    },
    async decrement(key, windowMs) {
      const id = idOf(key, windowMs);
      const reservation = current(id);
      if (reservation !== undefined && !reservation.full) {
        reservation.left++;
        return;
      }
      held.delete(id);
      await giveBack(key, windowMs);
    },
    async reset(key, windowMs) {
      held.delete(idOf(key, windowMs));
      await forget(key, windowMs);
    },
    get size() {
      return held.size;
    },
    sweep(now = Date.now()) {
      for (const [id, reservation] of held) if (now >= reservation.resetAt) held.delete(id);
    },
  };
}

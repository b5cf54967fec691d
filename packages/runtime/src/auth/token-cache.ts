/**
 * Bearer tokens already verified, so that a token presented again is not verified
 * again: keyed by a hash of the token (never the token itself, so the cache holds no
 * usable credential), each entry kept until its own deadline and at most `maxEntries`
 * of them, the oldest dropped first. Each JWT scheme has one (jwt.ts), and so has
 * introspection (oauth2.ts): a token one verifier accepted is never taken from another's.
 */
import { createHash } from "node:crypto";
import type { Principal } from "../handlers/context.js";

export class TokenCache {
  readonly #entries = new Map<string, { readonly principal: Principal; readonly until: number }>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new TypeError(`a token cache holds at least 1 entry, got ${String(maxEntries)}`);
    this.#maxEntries = maxEntries;
  }

  /** The cache key of `token`: its SHA-256 in base64url. */
  static keyOf(token: string): string {
    return createHash("sha256").update(token).digest("base64url");
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.#entries.size;
  }

  /** The principal cached under `key` while `now` (ms) is before its deadline; an expired entry is dropped. */
  get(key: string, now: number): Principal | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > now) return entry.principal;
    this.#entries.delete(key);
    return undefined;
  }

  /** Caches `principal` under `key` until `until` (ms); a full cache drops its oldest entry to make room. */
  set(key: string, principal: Principal, until: number): void {
    // Set again (two requests verified the same new token at once), an entry moves to the end rather than evicting another.
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { principal, until });
  }
}

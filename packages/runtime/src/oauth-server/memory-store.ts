/**
 * The authorization server's state in this process: the default for one instance.
 * Everything is lost on restart (clients register again, users sign in again), which
 * suits development and single-instance servers; use the Redis store otherwise.
 *
 * JavaScript runs each method to completion before another starts, so the
 * check-and-mark of `redeemCode` and `rotateRefresh` is atomic here without locks.
 */
import { DEFAULT_OAUTH_MEMORY_MAX_CLIENTS } from "../config/defaults.js";
import type {
  AuthorizationStore,
  ClientRecord,
  CodeRecord,
  CodeRedemption,
  ConsentRecord,
  PendingAuthorization,
  RefreshRecord,
  RefreshRotation,
} from "./store.js";

/** Entries that lapse; swept now and then so an idle map does not keep them forever. */
class Expiring<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();
  #writes = 0;

  set(key: string, value: V, until: number): void {
    this.#entries.set(key, { value, until });
    if (++this.#writes % 256 === 0) this.sweep(Date.now());
  }

  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  sweep(now: number): void {
    for (const [key, { until }] of this.#entries) if (until <= now) this.#entries.delete(key);
  }
}

type CodeEntry = { readonly code: CodeRecord; grantId?: string };
type RefreshEntry = { readonly refresh: RefreshRecord; used: boolean };

export interface MemoryAuthorizationStoreOptions {
  /**
   * Registered clients kept at most; past it the earliest registered is forgotten (it
   * registers again when its client id is refused). Registration is open to anyone, so
   * memory must be bounded. Default `DEFAULT_OAUTH_MEMORY_MAX_CLIENTS`.
   */
  readonly maxClients?: number;
}

export class MemoryAuthorizationStore implements AuthorizationStore {
  readonly #maxClients: number;
  /** In registration order, so the first key is the earliest. */
  readonly #clients = new Map<string, ClientRecord>();
  readonly #codes = new Expiring<CodeEntry>();
  readonly #refresh = new Expiring<RefreshEntry>();
  readonly #revoked = new Expiring<true>();
  readonly #pending = new Expiring<PendingAuthorization>();
  readonly #consents = new Map<string, ConsentRecord>();

  constructor(options: MemoryAuthorizationStoreOptions = {}) {
    const max = options.maxClients ?? DEFAULT_OAUTH_MEMORY_MAX_CLIENTS;
    if (!Number.isSafeInteger(max) || max < 1) throw new TypeError(`maxClients must be a positive integer, got ${String(max)}`);
    this.#maxClients = max;
  }

  async putClient(client: ClientRecord): Promise<void> {
    this.#clients.delete(client.clientId);
    this.#clients.set(client.clientId, client);
    for (const oldest of this.#clients.keys()) {
      if (this.#clients.size <= this.#maxClients) break;
      this.#clients.delete(oldest);
    }
  }

  async getClient(clientId: string): Promise<ClientRecord | undefined> {
    return this.#clients.get(clientId);
  }

  async putCode(codeKey: string, code: CodeRecord): Promise<void> {
    this.#codes.set(codeKey, { code }, code.expiresAt);
  }

  async redeemCode(codeKey: string, grantId: string, now: number): Promise<CodeRedemption | undefined> {
    const entry = this.#codes.get(codeKey, now);
    if (entry === undefined) return undefined;
    if (entry.grantId !== undefined) return { kind: "replayed", grantId: entry.grantId };
    entry.grantId = grantId;
    return { kind: "fresh", code: entry.code };
  }

  async putRefresh(tokenKey: string, refresh: RefreshRecord): Promise<void> {
    this.#refresh.set(tokenKey, { refresh, used: false }, refresh.expiresAt);
  }

  async rotateRefresh(tokenKey: string, now: number): Promise<RefreshRotation | undefined> {
    const entry = this.#refresh.get(tokenKey, now);
    if (entry === undefined || this.#revoked.get(entry.refresh.grantId, now) !== undefined) return undefined;
    if (entry.used) return { kind: "replayed", grantId: entry.refresh.grantId };
    entry.used = true;
    return { kind: "fresh", refresh: entry.refresh };
  }

  async peekRefresh(tokenKey: string, now: number): Promise<RefreshRecord | undefined> {
    return this.#refresh.get(tokenKey, now)?.refresh;
  }

  async revokeGrant(grantId: string, until: number): Promise<void> {
    this.#revoked.set(grantId, true, until);
  }

  async isGrantRevoked(grantId: string, now: number): Promise<boolean> {
    return this.#revoked.get(grantId, now) !== undefined;
  }

  async putPending(id: string, pending: PendingAuthorization): Promise<void> {
    this.#pending.set(id, pending, pending.expiresAt);
  }

  async getPending(id: string, now: number): Promise<PendingAuthorization | undefined> {
    return this.#pending.get(id, now);
  }

  async takePending(id: string, now: number): Promise<PendingAuthorization | undefined> {
    const pending = this.#pending.get(id, now);
    this.#pending.delete(id);
    return pending;
  }

  async getConsent(subject: string, clientId: string): Promise<ConsentRecord | undefined> {
    return this.#consents.get(consentKey(subject, clientId));
  }

  async putConsent(subject: string, clientId: string, consent: ConsentRecord): Promise<void> {
    this.#consents.set(consentKey(subject, clientId), consent);
  }
}

/** JSON of the pair, so no subject or client id can forge another pair's key. */
function consentKey(subject: string, clientId: string): string {
  return JSON.stringify([subject, clientId]);
}

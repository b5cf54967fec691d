/**
 * The authorization server's state in Redis, so restarts keep it and every instance
 * behind a load balancer sees the same clients, codes and grants. The client is the
 * application's (ioredis), shared with other stores; this store never closes it.
 * Needs Redis 6.2 or later (GETDEL, SET … KEEPTTL).
 *
 * Layout, under the prefix (default `turbomcp:oauth:`), one segment a kind, so no id
 * of one kind can name a key of another:
 * - `client:<clientId>`: the client record, kept until replaced;
 * - `code:<codeKey>`, `refresh:<tokenKey>`: `{"record":…}`, and `{"used":"<grantId>","record":…}`
 *   once used; kept until the record's `expiresAt`, so a second use is reported as a replay;
 * - `revoked:<grantId>`: `{"until":…}`, kept until `until`;
 * - `pending:<id>`: the sign-in, kept until its `expiresAt`;
 * - `consent:["<subject>","<clientId>"]`: the consent (the pair as JSON, so no subject or
 *   client id containing `:` can forge another pair's key), kept for `consentTtlMs`.
 *
 * Every value is one JSON string whose TTL (`PX`) runs out at its expiry as the writing
 * instance's clock has it, the clock that `now` comes from; the methods also compare
 * `now` with the expiry, so a key Redis has not dropped yet is never used late. A value
 * under the prefix that is not a record of its kind (another program's key) reads as
 * absent.
 */
import type { Redis } from "ioredis";
import { DEFAULT_OAUTH_CONSENT_TTL_MS, DEFAULT_OAUTH_REDIS_PREFIX } from "../config/defaults.js";
import { parseStored, redisScript, runScript } from "../config/redis-stores.js";
import type {
  AuthorizationStore,
  ClientRecord,
  CodeRecord,
  CodeRedemption,
  ConsentRecord,
  GrantSubject,
  PendingAuthorization,
  RefreshRecord,
  RefreshRotation,
} from "./store.js";

export interface RedisAuthorizationStoreOptions {
  /** An ioredis client the application created (and closes). */
  readonly client: Redis;
  /** Prefix of every key this store writes; default `turbomcp:oauth:`. */
  readonly keyPrefix?: string;
  /** How long a consent is kept after it was given, in ms; default 365 days. */
  readonly consentTtlMs?: number;
}

/**
 * Uses a code or refresh token once. KEYS: the entry, and for a refresh token its
 * grant's `revoked:` key. ARGV: now (ms), the grant id to mark it used with (for a
 * refresh token its own, which must match the record's). Returns false (unknown,
 * lapsed, revoked, not ours), or {'fresh' | 'replayed', the value as it was}. The
 * record is never decoded and encoded again: marking it prepends `"used"` to the
 * stored JSON text, so what the caller reads is byte for byte what it wrote.
 */
const USE = redisScript(`local raw = redis.call('GET', KEYS[1])
if not raw or string.sub(raw, 1, 1) ~= '{' then return false end
local ok, entry = pcall(cjson.decode, raw)
if not ok or type(entry) ~= 'table' or type(entry.record) ~= 'table' or type(entry.record.expiresAt) ~= 'number' then return false end
local now = tonumber(ARGV[1])
if entry.record.expiresAt <= now then return false end
if #KEYS > 1 then
  if entry.record.grantId ~= ARGV[2] then return false end
  local revoked = redis.call('GET', KEYS[2])
  if revoked then
    local decoded, mark = pcall(cjson.decode, revoked)
    if decoded and type(mark) == 'table' and type(mark['until']) == 'number' and mark['until'] > now then return false end
  end
end
if entry.used ~= nil then return {'replayed', raw} end
redis.call('SET', KEYS[1], '{"used":' .. cjson.encode(ARGV[2]) .. ',' .. string.sub(raw, 2), 'KEEPTTL')
return {'fresh', raw}`);

type Check<T> = (value: unknown) => value is T;

const isString = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isStrings = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every(isString);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** An object whose `required` fields are present and `optional` ones absent or of their type; other fields are let through. */
function shape<T>(required: Readonly<Record<string, Check<unknown>>>, optional: Readonly<Record<string, Check<unknown>>> = {}): Check<T> {
  return (value: unknown): value is T =>
    isObject(value) &&
    Object.entries(required).every(([field, check]) => check(value[field])) &&
    Object.entries(optional).every(([field, check]) => value[field] === undefined || check(value[field]));
}

const AUTH_METHODS: readonly unknown[] = ["none", "client_secret_basic", "client_secret_post"];
const GRANT_TYPES: readonly unknown[] = ["authorization_code", "refresh_token", "client_credentials"];

const isClient = shape<ClientRecord>(
  {
    clientId: isString,
    authMethod: (value): value is string => AUTH_METHODS.includes(value),
    redirectUris: isStrings,
    grantTypes: (value): value is string[] => Array.isArray(value) && value.every((type) => GRANT_TYPES.includes(type)),
    issuedAt: isNumber,
    metadata: isObject,
  },
  { secretHash: isString, scopes: isStrings, name: isString, uri: isString, registrationTokenHash: isString },
);
const isSubject = shape<GrantSubject>({ subject: isString, claims: isObject }, { allowedScopes: isStrings });
const isCode = shape<CodeRecord>({
  clientId: isString,
  redirectUri: isString,
  codeChallenge: isString,
  resource: isString,
  scopes: isStrings,
  subject: isSubject,
  expiresAt: isNumber,
});
const isRefresh = shape<RefreshRecord>({
  grantId: isString,
  clientId: isString,
  resource: isString,
  scopes: isStrings,
  subject: isSubject,
  expiresAt: isNumber,
});
const isPending = shape<PendingAuthorization>(
  { clientId: isString, redirectUri: isString, codeChallenge: isString, resource: isString, scopes: isStrings, csrf: isString, expiresAt: isNumber },
  { state: isString, subject: isSubject },
);
const isConsent = shape<ConsentRecord>({ scopes: isStrings, resource: isString });
const isRevocation = shape<{ readonly until: number }>({ until: isNumber });

/** A code or refresh token as stored: the record, and once used, the grant it was used for. */
interface Entry<T> {
  readonly record: T;
  readonly used?: string;
}

function entryOf<T>(isRecord: Check<T>): Check<Entry<T>> {
  return shape<Entry<T>>({ record: isRecord }, { used: isString });
}

const isCodeEntry = entryOf(isCode);
const isRefreshEntry = entryOf(isRefresh);

/** What the USE script answered: false, or its verdict with the stored value. */
function used<T>(reply: unknown, is: Check<Entry<T>>): { readonly fresh: boolean; readonly entry: Entry<T> } | undefined {
  if (!Array.isArray(reply) || reply.length !== 2) return undefined;
  const [verdict, json] = reply as [unknown, unknown];
  const entry = typeof json === "string" ? parseStored(json, is) : undefined;
  return entry === undefined ? undefined : { fresh: verdict === "fresh", entry };
}

/** Milliseconds from now until `expiresAt`, at least 1 (Redis refuses 0). */
function ttl(expiresAt: number): number {
  return Math.max(1, Math.ceil(expiresAt - Date.now()));
}

/**
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { RedisAuthorizationStore } from "@turbomcp/runtime/redis";
 * const store = new RedisAuthorizationStore({ client: new Redis("redis://127.0.0.1:6379") });
 * const client = await store.getClient("my-client");
 * ```
 */
export class RedisAuthorizationStore implements AuthorizationStore {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #consentTtlMs: number;

  constructor(options: RedisAuthorizationStoreOptions) {
    if (typeof options.client?.evalsha !== "function") throw new TypeError("RedisAuthorizationStore needs an ioredis client as `client`");
    const consentTtlMs = options.consentTtlMs ?? DEFAULT_OAUTH_CONSENT_TTL_MS;
    if (!Number.isSafeInteger(consentTtlMs) || consentTtlMs < 1) throw new TypeError(`consentTtlMs must be a positive integer, got ${String(consentTtlMs)}`);
    this.#client = options.client;
    this.#prefix = options.keyPrefix ?? DEFAULT_OAUTH_REDIS_PREFIX;
    this.#consentTtlMs = consentTtlMs;
  }

  /** `<prefix><kind>:<id>`: the kind is the segment up to the first `:` after the prefix, so ids cannot cross kinds. */
  #key(kind: "client" | "code" | "refresh" | "revoked" | "pending" | "consent", id: string): string {
    return `${this.#prefix}${kind}:${id}`;
  }

  async putClient(client: ClientRecord): Promise<void> {
    await this.#client.set(this.#key("client", client.clientId), JSON.stringify(client));
  }

  async getClient(clientId: string): Promise<ClientRecord | undefined> {
    return parseStored(await this.#client.get(this.#key("client", clientId)), isClient);
  }

  async putCode(codeKey: string, code: CodeRecord): Promise<void> {
    await this.#client.set(this.#key("code", codeKey), JSON.stringify({ record: code }), "PX", ttl(code.expiresAt));
  }

  async redeemCode(codeKey: string, grantId: string, now: number): Promise<CodeRedemption | undefined> {
    const result = used(await runScript(this.#client, USE, [this.#key("code", codeKey)], [now, grantId]), isCodeEntry);
    if (result === undefined) return undefined;
    if (result.fresh) return { kind: "fresh", code: result.entry.record };
    return result.entry.used === undefined ? undefined : { kind: "replayed", grantId: result.entry.used };
  }

  async putRefresh(tokenKey: string, refresh: RefreshRecord): Promise<void> {
    await this.#client.set(this.#key("refresh", tokenKey), JSON.stringify({ record: refresh }), "PX", ttl(refresh.expiresAt));
  }

  async rotateRefresh(tokenKey: string, now: number): Promise<RefreshRotation | undefined> {
    // The grant's revocation key is named by the record, so the script is told both keys (as Redis asks of
    // scripts) once the record has been read; the script checks the record still names that grant.
    const key = this.#key("refresh", tokenKey);
    const seen = parseStored(await this.#client.get(key), isRefreshEntry);
    if (seen === undefined) return undefined;
    const { grantId } = seen.record;
    const result = used(await runScript(this.#client, USE, [key, this.#key("revoked", grantId)], [now, grantId]), isRefreshEntry);
    if (result === undefined) return undefined;
    return result.fresh ? { kind: "fresh", refresh: result.entry.record } : { kind: "replayed", grantId: result.entry.record.grantId };
  }

  async peekRefresh(tokenKey: string, now: number): Promise<RefreshRecord | undefined> {
    const entry = parseStored(await this.#client.get(this.#key("refresh", tokenKey)), isRefreshEntry);
    return entry !== undefined && entry.record.expiresAt > now ? entry.record : undefined;
  }

  async revokeGrant(grantId: string, until: number): Promise<void> {
    await this.#client.set(this.#key("revoked", grantId), JSON.stringify({ until }), "PX", ttl(until));
  }

  async isGrantRevoked(grantId: string, now: number): Promise<boolean> {
    const revocation = parseStored(await this.#client.get(this.#key("revoked", grantId)), isRevocation);
    return revocation !== undefined && revocation.until > now;
  }

  async putPending(id: string, pending: PendingAuthorization): Promise<void> {
    await this.#client.set(this.#key("pending", id), JSON.stringify(pending), "PX", ttl(pending.expiresAt));
  }

  async getPending(id: string, now: number): Promise<PendingAuthorization | undefined> {
    return current(parseStored(await this.#client.get(this.#key("pending", id)), isPending), now);
  }

  async takePending(id: string, now: number): Promise<PendingAuthorization | undefined> {
    // GETDEL: of two instances taking one sign-in, one gets it and the other nothing.
    return current(parseStored(await this.#client.getdel(this.#key("pending", id)), isPending), now);
  }

  async getConsent(subject: string, clientId: string): Promise<ConsentRecord | undefined> {
    return parseStored(await this.#client.get(this.#key("consent", JSON.stringify([subject, clientId]))), isConsent);
  }

  async putConsent(subject: string, clientId: string, consent: ConsentRecord): Promise<void> {
    await this.#client.set(this.#key("consent", JSON.stringify([subject, clientId])), JSON.stringify(consent), "PX", this.#consentTtlMs);
  }
}

function current(pending: PendingAuthorization | undefined, now: number): PendingAuthorization | undefined {
  return pending !== undefined && pending.expiresAt > now ? pending : undefined;
}

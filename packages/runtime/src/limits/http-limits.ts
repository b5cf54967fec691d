/**
 * Server-wide limits on the MCP endpoint, checked on the raw `node:http` request before
 * the body is read (Express is not on this path): per client IP, per principal and per
 * tenant, from the manifest's `rateLimits` or options. Over a limit, the answer is 429
 * with `Retry-After`, the draft-8 `RateLimit-Policy` / `RateLimit` fields and a
 * JSON-RPC error body (`rate_limited`, -32004) from the one error table.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ipKeyGenerator } from "express-rate-limit";
import { DEFAULT_RATE_LIMIT_IPV6_SUBNET, DEFAULT_RATE_LIMIT_STORE_FAILURE } from "../config/defaults.js";
import { principalKey, type Caller } from "../protocol/caller.js";
import { McpError, httpStatus } from "../protocol/errors.js";
import { errorResponse } from "../protocol/jsonrpc.js";
import type { RateLimitPolicy, ServerRateLimits } from "../config/policies.js";
import { checkFailureMode, checkPolicy, countHitNow, type HitOutcome } from "./count.js";
import { createLimitStore, type LimitStoreOptions } from "./create-store.js";
import { rateLimitFields, seconds } from "./headers.js";
import type { LimitStore, StoreFailureMode } from "./store.js";

export type HttpLimitName = "ip" | "principal" | "tenant";

export interface HttpLimitsOptions extends LimitStoreOptions {
  /** The manifest's `rateLimits` (`routes.rateLimits`). */
  readonly rateLimits?: ServerRateLimits | undefined;
  /** Replace the manifest's per-IP limit; `false` turns it off. */
  readonly perIp?: RateLimitPolicy | false;
  /** Replace the manifest's per-principal limit (authenticated callers only); `false` turns it off. */
  readonly perPrincipal?: RateLimitPolicy | false;
  /** Replace the manifest's per-tenant limit (requests that carry a tenant); `false` turns it off. */
  readonly perTenant?: RateLimitPolicy | false;
  /** A store shared with other limiters (e.g. the route limiter), instead of `redisUrl`. */
  readonly store?: LimitStore;
  /** When the store cannot answer: `"open"` (default) allows, `"closed"` refuses with 429. */
  readonly storeFailure?: StoreFailureMode;
  /**
   * The client's address. Default: the socket's peer address. Behind a reverse proxy
   * that is the proxy: return the client address your trusted proxy reports instead.
   */
  readonly clientIp?: (req: IncomingMessage) => string | undefined;
  /** IPv6 clients are counted by network of this prefix length; default 56, `false` counts each address. */
  readonly ipv6Subnet?: number | false;
  /**
   * `"refusals"` (default): `RateLimit-Policy` / `RateLimit` only on 429 answers, keeping
   * the hot path lean; `"always"`: also on requests let through (when given `res`), as
   * express-rate-limit's `standardHeaders` does.
   */
  readonly rateLimitHeaders?: "refusals" | "always";
}

/** A request over a limit: write it with `sendHttpLimitRefusal` (or any JSON writer). */
export interface HttpLimitRefusal {
  /** 429, the error table's status for `rate_limited`. */
  readonly status: number;
  /** `retry-after`, and `ratelimit-policy` / `ratelimit` for the limits that were counted. */
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON-RPC error response without an id (the body has not been read, so the id is unknown). */
  readonly body: string;
  readonly retryAfterMs: number;
  /** The limit that refused; undefined when the store could not answer (`storeFailure: "closed"`). */
  readonly limit: HttpLimitName | undefined;
}

/** Checks one request; resolves a refusal when it is over a limit, else undefined. */
export interface HttpLimits {
  /** With `rateLimitHeaders: "always"`, a request let through gets its fields set on `res`. */
  (req: IncomingMessage, caller: Caller, res?: ServerResponse): Promise<HttpLimitRefusal | undefined>;
  /** False when no limit is configured: callers may skip the check altogether. */
  readonly enabled: boolean;
  readonly store: LimitStore;
  /** Resolves once the store answers (Redis reachable); rejects with a clear start-up message. */
  ready(): Promise<void>;
  /** Closes the store if it was created here (not one passed as `store`). */
  close(): Promise<void>;
}

interface Limit {
  readonly name: HttpLimitName;
  readonly policy: RateLimitPolicy;
  keyOf(req: IncomingMessage, caller: Caller): string | undefined;
}

function pick(name: string, override: RateLimitPolicy | false | undefined, manifest: RateLimitPolicy | undefined): RateLimitPolicy | undefined {
  const policy = override === false ? undefined : (override ?? manifest);
  if (policy !== undefined) checkPolicy(name, policy);
  return policy;
}

function checkSubnet(value: number | false | undefined): number | false {
  if (value === undefined) return DEFAULT_RATE_LIMIT_IPV6_SUBNET;
  if (value !== false && (!Number.isInteger(value) || value < 1 || value > 128)) {
    throw new TypeError(`ipv6Subnet must be an integer from 1 to 128 or false, got ${String(value)}`);
  }
  return value;
}

function limitsOf(options: HttpLimitsOptions): Limit[] {
  const subnet = checkSubnet(options.ipv6Subnet);
  const clientIp = options.clientIp ?? ((req: IncomingMessage) => req.socket.remoteAddress);
  const limits: Limit[] = [];
  const perIp = pick("perIp", options.perIp, options.rateLimits?.perIp);
  const perPrincipal = pick("perPrincipal", options.perPrincipal, options.rateLimits?.perPrincipal);
  const perTenant = pick("perTenant", options.perTenant, options.rateLimits?.perTenant);
  if (perIp !== undefined) {
    limits.push({
      name: "ip",
      policy: perIp,
      keyOf: (req) => {
        const ip = clientIp(req);
        return ip === undefined || ip === "" ? undefined : `http:ip:${ipKeyGenerator(ip, subnet)}`;
      },
    });
  }
  if (perPrincipal !== undefined) {
    limits.push({
      name: "principal",
      policy: perPrincipal,
      // Per identity (scheme, issuer, subject): the same `sub` of two identity providers is two callers.
      keyOf: (_req, { principal }) => (principal === undefined ? undefined : `http:principal:${principalKey(principal)}`),
    });
  }
  if (perTenant !== undefined) {
    limits.push({ name: "tenant", policy: perTenant, keyOf: (_req, { tenant }) => (tenant === undefined ? undefined : `http:tenant:${tenant.id}`) });
  }
  return limits;
}

const STATUS = httpStatus("rate_limited");

interface Counted {
  readonly limit: Limit;
  readonly key: string;
  readonly outcome: HitOutcome;
}

/** The draft-8 fields for the limits whose counts are known (not those the store failed on). */
function fieldsOf(counted: readonly Counted[]): { "ratelimit-policy": string; ratelimit: string } | undefined {
  const reported = counted.filter(({ outcome }) => outcome.counted);
  if (reported.length === 0) return undefined;
  return rateLimitFields(
    reported.map(({ limit, key, outcome }) => ({
      name: limit.name,
      limit: limit.policy.limit,
      windowMs: limit.policy.windowMs,
      remaining: outcome.remaining,
      resetMs: outcome.resetMs,
      key,
    })),
  );
}

function refusal(counted: readonly Counted[]): HttpLimitRefusal {
  const refused = counted.filter(({ outcome }) => !outcome.allowed);
  // Every refusing limit must have reset before a retry can pass.
  const retryAfterMs = Math.max(1, ...refused.map(({ outcome }) => outcome.resetMs));
  const first = refused.find(({ outcome }) => outcome.counted);
  const wait = Math.max(1, seconds(retryAfterMs));
  const message =
    first === undefined ? `Rate limits cannot be checked right now: retry in ${wait} s` : `Too many requests (${first.limit.name} limit): retry in ${wait} s`;
  return {
    status: STATUS,
    headers: { "retry-after": String(wait), ...fieldsOf(counted) },
    body: JSON.stringify(errorResponse(null, new McpError("rate_limited", message, { retryAfterMs }))),
    retryAfterMs,
    limit: first?.limit.name,
  };
}

/**
 * Creates the endpoint's limit check from the manifest's `rateLimits` and options.
 * Options are checked here, so bad configuration fails at start-up; `await
 * limits.ready()` there too when Redis is configured. Every applicable limit counts
 * the request (in parallel, one Redis round trip each), refused or not, as
 * express-rate-limit counts refused requests.
 *
 * @example
 * ```ts
 * import { createServer as createHttpServer } from "node:http";
 * import { createHttpLimits, sendHttpLimitRefusal } from "@turbomcp/runtime/http";
 * const checkHttpLimits = createHttpLimits({ perIp: { limit: 100, windowMs: 60_000 } });
 * await checkHttpLimits.ready();
 * createHttpServer(async (req, res) => {
 *   // The caller as authentication established it; {} for an anonymous request.
 *   const refusal = await checkHttpLimits(req, {});
 *   if (refusal !== undefined) return sendHttpLimitRefusal(res, refusal);
 *   res.end("ok");
 * }).listen(3000, "127.0.0.1");
 * ```
 */
export function createHttpLimits(options: HttpLimitsOptions = {}): HttpLimits {
  const limits = limitsOf(options);
  const failure = checkFailureMode(options.storeFailure, DEFAULT_RATE_LIMIT_STORE_FAILURE);
  if (options.store !== undefined && (options.redisUrl !== undefined || options.redisClient !== undefined)) {
    throw new TypeError("createHttpLimits takes store or redisUrl/redisClient, not both");
  }
  const always = options.rateLimitHeaders === "always";
  if (!always && options.rateLimitHeaders !== undefined && options.rateLimitHeaders !== "refusals") {
    throw new TypeError(`rateLimitHeaders must be "refusals" or "always", got ${JSON.stringify(options.rateLimitHeaders)}`);
  }
  const owned = options.store === undefined;
  const store = options.store ?? createLimitStore(options);
  const check = async (req: IncomingMessage, caller: Caller, res?: ServerResponse): Promise<HttpLimitRefusal | undefined> => {
    const keyed: { limit: Limit; key: string }[] = [];
    const counting: (HitOutcome | Promise<HitOutcome>)[] = [];
    let pending = false;
    for (const limit of limits) {
      const key = limit.keyOf(req, caller);
      if (key === undefined) continue;
      keyed.push({ limit, key });
      const count = countHitNow(store, key, limit.policy, failure);
      pending ||= count instanceof Promise;
      counting.push(count);
    }
    // In memory every count is known at once; in Redis they run in parallel (one round trip each, overlapping).
    const outcomes = pending ? await Promise.all(counting.map(async (count) => count)) : (counting as HitOutcome[]);
    const allowed = outcomes.every((outcome) => outcome.allowed);
    if (allowed && !(always && res !== undefined)) return undefined;
    const counted = keyed.map((entry, index) => ({ ...entry, outcome: outcomes[index] as HitOutcome }));
    if (!allowed) return refusal(counted);
    const fields = fieldsOf(counted);
    if (fields !== undefined && res !== undefined && !res.headersSent) {
      res.setHeader("ratelimit-policy", fields["ratelimit-policy"]);
      res.setHeader("ratelimit", fields.ratelimit);
    }
    return undefined;
  };
  return Object.defineProperties(check, {
    enabled: { value: limits.length > 0 },
    store: { value: store },
    ready: { value: () => store.ready() },
    close: { value: () => (owned ? store.close() : Promise.resolve()) },
  }) as HttpLimits;
}

/** Writes a refusal as a JSON answer; does nothing if the client has already gone. */
export function sendHttpLimitRefusal(res: ServerResponse, refusal: HttpLimitRefusal): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(refusal.status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    ...refusal.headers,
    "content-length": Buffer.byteLength(refusal.body),
  });
  res.end(refusal.body);
}

/**
 * Rate limits for your own Express routes: express-rate-limit itself, configured the
 * way the MCP endpoint answers (429, `Retry-After`, draft-8 `RateLimit-Policy` /
 * `RateLimit`, a JSON-RPC `rate_limited` body) and counting in the same `LimitStore`
 * (memory or Redis) when you pass one.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { rateLimit, type AugmentedRequest, type ClientRateLimitInfo, type Options, type Store } from "express-rate-limit";
import { DEFAULT_RATE_LIMIT_IPV6_SUBNET, DEFAULT_RATE_LIMIT_STORE_FAILURE, DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS } from "../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import { McpError, httpStatus } from "../protocol/errors.js";
import { errorResponse } from "../protocol/jsonrpc.js";
import type { RateLimitPolicy } from "../config/policies.js";
import { checkFailureMode, checkPolicy } from "../limits/count.js";
import { seconds } from "../limits/headers.js";
import type { LimitStore, StoreFailureMode } from "../limits/store.js";

export interface RateLimitMiddlewareOptions {
  readonly policy: RateLimitPolicy;
  /** Whom to count: `"ip"` (default, `req.ip`, so set Express's `trust proxy` behind a proxy) or your own key; undefined skips the request. */
  readonly by?: "ip" | ((req: Request) => string | undefined);
  /** The policy's name in the `RateLimit` fields; default `"ip"`, or `"custom"` for a key function. */
  readonly name?: string;
  /** Count in this store (e.g. the endpoint's Redis store); default express-rate-limit's own MemoryStore. */
  readonly store?: LimitStore;
  /** When the store cannot answer: `"open"` (default) allows, `"closed"` refuses with 429. */
  readonly storeFailure?: StoreFailureMode;
  /** IPv6 clients are counted by network of this prefix length; default 56. */
  readonly ipv6Subnet?: number | false;
  readonly logger?: ServerLogger;
}

/** A store error, told apart from other errors so `storeFailure` can decide. */
class StoreUnavailable extends Error {}

/** express-rate-limit's `Store` over a `LimitStore`, one per middleware (express-rate-limit refuses shared stores). */
class LimitStoreAdapter implements Store {
  windowMs = 0;
  /** The middleware's limit, which lets a shared store reserve hits in batches. */
  limit: number | undefined;
  readonly localKeys: boolean;
  constructor(
    private readonly store: LimitStore,
    readonly prefix: string,
  ) {
    this.localKeys = store.kind === "memory";
  }
  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.limit = typeof options.limit === "number" ? options.limit : undefined;
  }
  async increment(key: string): Promise<ClientRateLimitInfo> {
    try {
      const { totalHits, resetAt } = await this.store.increment(this.prefix + key, this.windowMs, this.limit);
      return { totalHits, resetTime: new Date(resetAt) };
    } catch (error) {
      throw new StoreUnavailable("rate-limit store failed", { cause: error });
    }
  }
  decrement(key: string): Promise<void> {
    return this.store.decrement(this.prefix + key, this.windowMs);
  }
  resetKey(key: string): Promise<void> {
    return this.store.reset(this.prefix + key, this.windowMs);
  }
}

const STATUS = httpStatus("rate_limited");

function sendRefusal(res: Response, retryAfterMs: number, message: string): void {
  res
    .status(STATUS)
    .type("application/json")
    .send(JSON.stringify(errorResponse(null, new McpError("rate_limited", message, { retryAfterMs }))));
}

/**
 * An Express middleware that limits requests per IP (or per your key) with
 * express-rate-limit. Options are checked here.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { rateLimitMiddleware } from "@turbomcp/runtime/express";
 * const app = express();
 * app.use("/api", rateLimitMiddleware({ policy: { limit: 100, windowMs: 60_000 } }));
 * ```
 */
export function rateLimitMiddleware(options: RateLimitMiddlewareOptions): RequestHandler {
  checkPolicy("policy", options.policy);
  const failure = checkFailureMode(options.storeFailure, DEFAULT_RATE_LIMIT_STORE_FAILURE);
  const subnet = options.ipv6Subnet ?? DEFAULT_RATE_LIMIT_IPV6_SUBNET;
  const by = options.by ?? "ip";
  const name = options.name ?? (by === "ip" ? "ip" : "custom");
  const logger = options.logger ?? stderrLogger;
  const keyOf = by === "ip" ? undefined : by;
  const limiter = rateLimit({
    windowMs: options.policy.windowMs,
    limit: options.policy.limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    identifier: name,
    statusCode: STATUS,
    // express-rate-limit's own key: req.ip, IPv6 by network.
    ...(keyOf === undefined && { ipv6Subnet: subnet }),
    ...(keyOf !== undefined && {
      keyGenerator: (req: Request) => keyOf(req) ?? "",
      skip: (req: Request) => keyOf(req) === undefined,
    }),
    ...(options.store !== undefined && { store: new LimitStoreAdapter(options.store, `express:${name}:`) }),
    passOnStoreError: false,
    handler: (req: Request, res: Response) => {
      const resetTime = (req as AugmentedRequest).rateLimit?.resetTime;
      const retryAfterMs = Math.max(1, (resetTime?.getTime() ?? Date.now() + options.policy.windowMs) - Date.now());
      sendRefusal(res, retryAfterMs, `Too many requests (${name} limit): retry in ${Math.max(1, seconds(retryAfterMs))} s`);
    },
    logger: {
      error: (error: unknown, message?: string) => logger.error(message ?? "express-rate-limit error", error),
      warn: (error: unknown, message?: string) => logger.warn(`${message ?? "express-rate-limit"}: ${error instanceof Error ? error.message : String(error)}`),
    },
  });
  return async function turbomcpRateLimit(req: Request, res: Response, next: NextFunction): Promise<void> {
    await limiter(req, res, (error?: unknown) => {
      if (!(error instanceof StoreUnavailable)) return next(error);
      // The store logs its own outages; decide without a log line per request.
      if (failure === "open") return next();
      const retryAfterMs = DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS;
      res.setHeader("retry-after", String(seconds(retryAfterMs)));
      sendRefusal(res, retryAfterMs, `Rate limits cannot be checked right now: retry in ${seconds(retryAfterMs)} s`);
    });
  };
}

/** Options of the Streamable HTTP endpoint, validated and given their defaults once, at creation. */
import { DEFAULT_HTTP_MAX_BODY_BYTES, DEFAULT_MAX_SESSIONS, DEFAULT_SESSION_IDLE_TIMEOUT_MS } from "../../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../../observability/logger.js";
import { originPolicy, type OriginPolicy } from "./origin.js";

export interface StreamableHttpOptions {
  /** Largest POST body in bytes; default 4 MiB. Larger bodies get 413. */
  readonly maxBodyBytes?: number;
  /** Idle sessions end after this long; default 30 minutes. */
  readonly sessionIdleTimeoutMs?: number;
  /** Sessions held at once; default 10,000. */
  readonly maxSessions?: number;
  /**
   * Browser origins allowed to call the endpoint, exactly as browsers send them
   * (`https://app.example.com`); `["*"]` allows any. Default: loopback origins only.
   */
  readonly allowedOrigins?: readonly string[];
  /** Host names the `Host` header may carry; `["*"]` allows any. Default: localhost, 127.0.0.1, [::1]. */
  readonly allowedHosts?: readonly string[];
  readonly logger?: ServerLogger;
}

export interface ResolvedHttpOptions {
  readonly maxBodyBytes: number;
  readonly sessionIdleTimeoutMs: number;
  readonly maxSessions: number;
  readonly origin: OriginPolicy;
  readonly logger: ServerLogger;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

export function resolveHttpOptions(options: StreamableHttpOptions): ResolvedHttpOptions {
  return {
    maxBodyBytes: positiveInteger("maxBodyBytes", options.maxBodyBytes, DEFAULT_HTTP_MAX_BODY_BYTES),
    sessionIdleTimeoutMs: positiveInteger("sessionIdleTimeoutMs", options.sessionIdleTimeoutMs, DEFAULT_SESSION_IDLE_TIMEOUT_MS),
    maxSessions: positiveInteger("maxSessions", options.maxSessions, DEFAULT_MAX_SESSIONS),
    origin: originPolicy(options.allowedOrigins, options.allowedHosts),
    logger: options.logger ?? stderrLogger,
  };
}

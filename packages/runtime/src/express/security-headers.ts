/**
 * Security headers for a JSON API, decided by helmet's configuration but computed
 * once: helmet's middleware runs a single time at start-up against a real
 * `ServerResponse`, and the headers it set become a frozen map that the lean MCP path
 * copies onto each response. Running helmet per request would give the same bytes
 * for more work (its middleware stack allocates and re-validates on every call).
 */
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import helmet, { type HelmetOptions } from "helmet";
import { DEFAULT_HSTS_MAX_AGE_S } from "../config/defaults.js";

export interface HstsOptions {
  /** Seconds; default one year. */
  readonly maxAge?: number;
  /** Default true. */
  readonly includeSubDomains?: boolean;
  /** Default false: preload lists are hard to leave. */
  readonly preload?: boolean;
}

export interface SecurityHeadersOptions {
  /**
   * `Strict-Transport-Security`. Off by default: it only means something on HTTPS,
   * and a server bound to loopback usually speaks plain HTTP. Turn it on when TLS
   * ends at this process or at a proxy in front of it.
   */
  readonly hsts?: boolean | HstsOptions;
  /**
   * helmet options merged over the defaults below, for anything else (a
   * `reportOnly` CSP, a different Referrer-Policy). Per-request values (CSP nonce
   * functions) are refused: the headers are computed once.
   */
  readonly helmet?: HelmetOptions;
}

/** Lower-case header name → value, the form `res.getHeaders()` has. */
export type SecurityHeaderMap = Readonly<Record<string, string>>;

/**
 * A JSON API loads nothing and is framed by nobody: `default-src 'none'` and
 * `frame-ancestors 'none'` are the whole CSP (helmet's defaults are for HTML pages).
 */
const JSON_API_CSP = { useDefaults: false, directives: { "default-src": ["'none'"], "frame-ancestors": ["'none'"] } } as const;

function hstsOption(hsts: SecurityHeadersOptions["hsts"]): false | Required<HstsOptions> {
  if (hsts === undefined || hsts === false) return false;
  const own = hsts === true ? {} : hsts;
  const maxAge = own.maxAge ?? DEFAULT_HSTS_MAX_AGE_S;
  if (!Number.isSafeInteger(maxAge) || maxAge < 0)
    throw new TypeError(`securityHeaders.hsts.maxAge must be a non-negative integer of seconds, got ${String(maxAge)}`);
  return { maxAge, includeSubDomains: own.includeSubDomains ?? true, preload: own.preload ?? false };
}

/**
 * The one helmet configuration both the lean path and the Express routes use.
 *
 * @example
 * ```ts
 * import helmet from "helmet";
 * import { securityHelmetOptions } from "@turbomcp/runtime/express";
 * const middleware = helmet(securityHelmetOptions({ hsts: true }));
 * ```
 */
export function securityHelmetOptions(options: SecurityHeadersOptions = {}): HelmetOptions {
  const base: HelmetOptions = {
    contentSecurityPolicy: JSON_API_CSP,
    strictTransportSecurity: hstsOption(options.hsts),
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
  };
  return { ...base, ...options.helmet } as HelmetOptions;
}

function hasFunctionDirective(options: HelmetOptions): boolean {
  const csp = options.contentSecurityPolicy;
  if (typeof csp !== "object" || csp.directives === undefined) return false;
  return Object.values(csp.directives).some(
    (value) =>
      typeof value === "function" ||
      (value !== null && typeof value === "object" && [...(value as Iterable<unknown>)].some((entry) => typeof entry === "function")),
  );
}

/**
 * Runs helmet's middleware once and returns the headers it set. Throws at start-up
 * on options helmet refuses or on per-request values.
 */
export function computeSecurityHeaders(options: HelmetOptions): SecurityHeaderMap {
  if (hasFunctionDirective(options))
    throw new TypeError("securityHeaders.helmet: CSP directive functions (nonces) are per request; the MCP endpoint's headers are computed once");
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  let failure: unknown;
  let called = false;
  helmet(options)(res.req, res, (error?: unknown) => {
    called = true;
    failure = error;
  });
  if (failure instanceof Error) throw failure;
  if (failure !== undefined) throw new TypeError("helmet refused the security header options");
  if (!called) throw new TypeError("helmet did not finish synchronously; the headers cannot be computed once");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.getHeaders()))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
  return Object.freeze(headers);
}

/** Copies the precomputed headers onto a response that has not started yet. */
export function applySecurityHeaders(res: ServerResponse, headers: SecurityHeaderMap): void {
  for (const name in headers) res.setHeader(name, headers[name]!);
}

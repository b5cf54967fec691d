/**
 * CORS for the MCP endpoint, so browser clients on allowed origins can read its
 * answers. The allow-list is resolved once; a request from any other origin gets no
 * CORS header at all (and the Origin check answers it 403). Preflights are answered
 * here, before authentication: browsers send them without credentials.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_CORS_MAX_AGE_S } from "../../config/defaults.js";
import { originAllowed, originPolicy } from "../../network/origin.js";

export interface CorsOptions {
  /**
   * Origins whose pages may call the endpoint (`https://app.example.com`), or `["*"]`
   * for any (never with `credentials`). Default: the endpoint's `allowedOrigins`.
   */
  readonly origins?: readonly string[];
  /** `Access-Control-Allow-Credentials: true` (cookies, TLS client certificates); default false. */
  readonly credentials?: boolean;
  /** How long browsers may cache a preflight; default 600 s. */
  readonly maxAgeSeconds?: number;
}

export interface CorsPolicy {
  /** `true`: any origin (answered with `*`). */
  readonly origins: true | ReadonlySet<string>;
  readonly credentials: boolean;
  readonly maxAge: string;
}

/**
 * Request headers an MCP client sends: the session and 2026-07-28 metadata headers,
 * `Authorization` for bearer tokens, `Last-Event-ID` to resume a stream. A wildcard
 * would not do: `*` never covers `Authorization`, and means nothing with credentials.
 */
const ALLOWED_HEADERS = ["content-type", "accept", "authorization", "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name", "last-event-id"];
const ALLOWED = new Set(ALLOWED_HEADERS);
/** `Mcp-Param-{Name}` headers mirror tool parameters; their names are HTTP tokens. */
const PARAM_HEADER = /^mcp-param-[!#$%&'*+.^_`|~0-9a-z-]+$/;
/** What scripts may read: the session id to send back, the auth challenge, rate-limit hints. */
export const EXPOSED_HEADERS = "Mcp-Session-Id, WWW-Authenticate, Retry-After, RateLimit, RateLimit-Policy";

/**
 * Resolves the options once. `false`, or no origins at all, switches CORS off.
 * `allowedOrigins` is the Origin check's list: a CORS origin it refuses would be a
 * configuration that cannot work, so it fails here.
 */
export function resolveCors(options: CorsOptions | boolean | undefined, allowedOrigins: readonly string[] | undefined): CorsPolicy | undefined {
  if (options === false) return undefined;
  const own = typeof options === "object" ? options : {};
  const origins = own.origins ?? allowedOrigins ?? [];
  if (origins.length === 0) return undefined;
  const credentials = own.credentials ?? false;
  const any = origins.includes("*");
  if (any && credentials) throw new TypeError('cors: origins ["*"] cannot be combined with credentials; list the origins');
  for (const origin of origins) {
    if (!passesOriginCheck(origin, allowedOrigins))
      throw new TypeError(`cors: origin ${origin} is not allowed by allowedOrigins (default: loopback origins), so the Origin check would refuse it`);
  }
  const maxAge = own.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_S;
  if (!Number.isSafeInteger(maxAge) || maxAge < 0) throw new TypeError(`cors.maxAgeSeconds must be a non-negative integer, got ${String(maxAge)}`);
  return { origins: any ? true : new Set(origins.map((origin) => origin.toLowerCase())), credentials, maxAge: String(maxAge) };
}

function passesOriginCheck(origin: string, allowedOrigins: readonly string[] | undefined): boolean {
  const anyAllowed = allowedOrigins?.includes("*") === true;
  if (origin === "*") return anyAllowed;
  if (!/^https?:\/\/[^/?#\s]+$/i.test(origin)) throw new TypeError(`cors: "${origin}" is not an origin (scheme://host[:port], no path)`);
  // The Origin check's own rule, so the two lists can never disagree.
  return originAllowed(origin, originPolicy(allowedOrigins, undefined));
}

function originOf(req: IncomingMessage, policy: CorsPolicy): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  return policy.origins === true || policy.origins.has(origin.toLowerCase()) ? origin : undefined;
}

function allowOrigin(res: ServerResponse, origin: string, policy: CorsPolicy): void {
  if (policy.origins === true) res.setHeader("access-control-allow-origin", "*");
  else {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("vary", "Origin");
  }
  if (policy.credentials) res.setHeader("access-control-allow-credentials", "true");
}

/**
 * The headers a preflight may ask for: the fixed list plus any `Mcp-Param-*`,
 * echoed by name. Anything else is left out, and the browser then refuses the call.
 */
export function allowedRequestHeaders(requested: string | undefined): string {
  if (requested === undefined) return ALLOWED_HEADERS.join(", ");
  const params = new Set<string>();
  for (const raw of requested.split(",")) {
    const name = raw.trim().toLowerCase();
    if (!ALLOWED.has(name) && PARAM_HEADER.test(name)) params.add(name);
  }
  return params.size === 0 ? ALLOWED_HEADERS.join(", ") : [...ALLOWED_HEADERS, ...params].join(", ");
}

/**
 * Handles CORS for one request. A preflight from an allowed origin is answered 204
 * here (returns true); an actual request from one gets its CORS headers set on `res`.
 * Requests from other origins are left alone: no header tells the browser anything.
 */
export function handleCors(req: IncomingMessage, res: ServerResponse, policy: CorsPolicy, methods: string): boolean {
  const origin = originOf(req, policy);
  if (origin === undefined) return false;
  const requestedMethod = req.headers["access-control-request-method"];
  if (req.method !== "OPTIONS" || requestedMethod === undefined) {
    allowOrigin(res, origin, policy);
    res.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
    return false;
  }
  allowOrigin(res, origin, policy);
  res.setHeader("vary", policy.origins === true ? "Access-Control-Request-Headers" : "Origin, Access-Control-Request-Headers");
  res.setHeader("access-control-allow-methods", methods);
  res.setHeader("access-control-allow-headers", allowedRequestHeaders(req.headers["access-control-request-headers"]));
  res.setHeader("access-control-max-age", policy.maxAge);
  // 204 carries no Content-Length (RFC 9110 §8.6).
  res.writeHead(204);
  res.end();
  return true;
}

/**
 * The same CORS allow-list for Express routes (OAuth metadata under `/.well-known`,
 * your own routes), through the `cors` middleware: origins the MCP endpoint allows
 * are allowed here, and nothing else.
 */
import type { CorsOptions as CorsMiddlewareOptions } from "cors";
import { EXPOSED_HEADERS, resolveCors, type CorsOptions } from "../transports/http/cors.js";

/** Options for `cors()`, or undefined when CORS is off. */
export function corsMiddlewareOptions(
  options: CorsOptions | boolean | undefined,
  allowedOrigins: readonly string[] | undefined,
): CorsMiddlewareOptions | undefined {
  const policy = resolveCors(options, allowedOrigins);
  if (policy === undefined) return undefined;
  const { origins } = policy;
  return {
    origin: origins === true ? "*" : (origin, callback) => callback(null, origin !== undefined && origins.has(origin.toLowerCase())),
    credentials: policy.credentials,
    maxAge: Number(policy.maxAge),
    exposedHeaders: EXPOSED_HEADERS,
  };
}

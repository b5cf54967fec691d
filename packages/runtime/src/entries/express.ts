/**
 * `@turbomcp/runtime/express`: the Express app (`createMcpApp`) and Express middleware
 * (rate limits, JSON errors, helmet options). Loads Express; servers that do not use
 * it never import this entry.
 *
 * Named exports only; this list is the public API of the entry.
 */
export type { RateLimitMiddlewareOptions } from "../limits/express.js";
export { rateLimitMiddleware } from "../limits/express.js";
export type { McpApp, McpAppOptions } from "../http/app.js";
export { createMcpApp } from "../http/app.js";
export { securityHelmetOptions } from "../http/security-headers.js";
export { jsonErrorHandler, jsonNotFound } from "../http/json-errors.js";

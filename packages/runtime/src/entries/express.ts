/**
 * `@turbomcp/runtime/express`: the Express app (`createMcpApp`) and Express middleware
 * (rate limits, JSON errors, helmet options). Loads Express; servers that do not use
 * it never import this entry.
 *
 * Named exports only; this list is the public API of the entry.
 */
export type { RateLimitMiddlewareOptions } from "../express/rate-limit.js";
export { rateLimitMiddleware } from "../express/rate-limit.js";
export type { McpApp, McpAppOptions } from "../express/app.js";
export { createMcpApp } from "../express/app.js";
export type { UpstreamLogin } from "../express/authorization-server-router.js";
export type { UpstreamLoginOptions } from "../express/upstream-login.js";
export { createUpstreamLogin } from "../express/upstream-login.js";
export { securityHelmetOptions } from "../express/security-headers.js";
export { jsonErrorHandler, jsonNotFound } from "../express/json-errors.js";

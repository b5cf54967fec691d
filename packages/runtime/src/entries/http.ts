/**
 * `@turbomcp/runtime/http`: the Node HTTP transports (Streamable HTTP, both eras, and
 * legacy HTTP+SSE), the lean secured endpoint, sessions, endpoint rate limits and
 * security headers. Raw `node:http`; Express lives in `@turbomcp/runtime/express`.
 *
 * Named exports only; this list is the public API of the entry.
 */
export type { StreamableHttpHandler } from "../transports/http/handler.js";
export { createStreamableHttpHandler } from "../transports/http/handler.js";
export type { StreamableHttpOptions } from "../transports/http/options.js";
export type { HttpListener, LegacySseListenOptions, ListenHttpOptions } from "../server/listen-http.js";
export { listenHttp } from "../server/listen-http.js";
export type { LegacySseHandler } from "../transports/http/legacy-sse/handler.js";
export { createLegacySseHandler } from "../transports/http/legacy-sse/handler.js";
export type { LegacySseOptions } from "../transports/http/legacy-sse/options.js";
export type { SessionEndReason, SessionManagerOptions } from "../sessions/options.js";
export type { SessionStats } from "../sessions/stats.js";
export type { SessionRecord, SessionStore, SharedSessionFields, SharedSessionStore } from "../sessions/store.js";
export type { BusSubscription, ClusterBus } from "../cluster/bus.js";
export { MemoryBus, MemoryBusNetwork } from "../cluster/memory-bus.js";
export type { SharedLiveRoutes, SharedLiveRoutesOptions } from "../cluster/shared-live-routes.js";
export { createSharedLiveRoutes } from "../cluster/shared-live-routes.js";
export type { SharedStateStore, VersionedState } from "../cluster/shared-state-store.js";
export { createMemorySharedStateStore } from "../cluster/shared-state-store.js";
export type { BusTaskRelayOptions } from "../cluster/task-relay.js";
export { BusTaskRelay } from "../cluster/task-relay.js";
export { ManagedSession } from "../sessions/managed-session.js";
export type { SessionManagerView } from "../sessions/manager.js";
export { SessionManager } from "../sessions/manager.js";
export { MemorySessionStore } from "../sessions/memory-store.js";
export type { EventStore, MemoryEventStoreOptions, StoredEvent } from "../sessions/event-store.js";
export { MemoryEventStore } from "../sessions/event-store.js";
export type { HttpLimitName, HttpLimitRefusal, HttpLimits, HttpLimitsOptions } from "../limits/http-limits.js";
export { createHttpLimits, sendHttpLimitRefusal } from "../limits/http-limits.js";
export type { LegacySseEndpointOptions, McpEndpoint, McpEndpointOptions } from "../express/mcp-endpoint.js";
export { createMcpEndpoint } from "../express/mcp-endpoint.js";
export type { HstsOptions, SecurityHeaderMap, SecurityHeadersOptions } from "../express/security-headers.js";
export { computeSecurityHeaders } from "../express/security-headers.js";
export type { CorsOptions } from "../transports/http/cors.js";
export type { HttpRefusal, HttpRequestCheck } from "../transports/http/refusal.js";
export { httpRefusal } from "../transports/http/refusal.js";
export { setRequestCaller } from "../transports/http/request-caller.js";
export { DEFAULT_MAX_JSON_KEYS } from "../config/defaults.js";

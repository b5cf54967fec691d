/**
 * `@turbomcp/runtime`: everything a generated server links against.
 *
 * Named exports only; this list is the public API.
 */
export type {
  Annotations,
  AudioContent,
  BlobResourceContents,
  CallToolResult,
  ContentBlock,
  EmbeddedResource,
  GetPromptResult,
  Icon,
  ImageContent,
  Implementation,
  JsonObject,
  JsonSchema,
  JsonValue,
  PromptArgumentDefinition,
  PromptDefinition,
  PromptMessage,
  ResourceContents,
  ResourceDefinition,
  ResourceLink,
  ResourceTemplateDefinition,
  TextContent,
  TextResourceContents,
  ToolAnnotations,
  ToolDefinition,
} from "./handlers/mcp-types.js";
export type {
  AskOptions,
  CompletionContext,
  ElicitResult,
  FormElicitation,
  LogLevel,
  Principal,
  ProgressUpdate,
  PromptContext,
  RequestContext,
  ResourceContext,
  Root,
  SamplingMessage,
  SamplingRequest,
  SamplingResult,
  SessionInfo,
  Tenant,
  ToolContext,
  UrlElicitation,
} from "./handlers/context.js";
export type { CompletionResult, PromptResult, ResourceContent, ResourceResult, ToolResult } from "./handlers/results.js";
export { NOT_IMPLEMENTED, NotImplementedError, ToolError, notImplemented } from "./handlers/errors.js";
export type {
  ApiKeyScheme,
  AuthPolicy,
  AuthScheme,
  JwtScheme,
  OAuth2Scheme,
  RateLimitPolicy,
  RoutePolicy,
  ServerRateLimits,
  TenancyPolicy,
  TenantPolicy,
  TenantSource,
} from "./config/policies.js";
export type {
  Awaitable,
  CompletionHandler,
  CompletionSources,
  PromptHandler,
  PromptRoute,
  ResourceHandler,
  ResourceRoute,
  ResourceTemplateHandler,
  ResourceTemplateRoute,
  RouteTable,
  RouteTableInput,
  ServerDefinition,
  TaskSupport,
  ToolExecution,
  ToolHandler,
  ToolRoute,
} from "./routing/types.js";
export { defineRoutes, promptRoute, resourceRoute, resourceTemplateRoute, toolRoute } from "./routing/define-routes.js";
export type { UriTemplateExpression, UriTemplateOperator, UriTemplatePart, UriTemplateVariable } from "./routing/uri-template.js";
export { UriTemplateError, parseUriTemplate, uriTemplateVariables } from "./routing/uri-template.js";
export type { CompiledValidator, ValidationIssue } from "./validation/validator.js";
export { describeIssues } from "./validation/validator.js";
export { validatorRuntime } from "./validation/ajv-runtime.js";
export type { McpErrorCode } from "./protocol/errors.js";
export { McpError, httpStatus, jsonRpcCode } from "./protocol/errors.js";
export type {
  JsonRpcErrorObject,
  JsonRpcFailure,
  JsonRpcId,
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcParams,
  JsonRpcRequest,
  JsonRpcResponse,
  JsonRpcSuccess,
  ParsedMessage,
} from "./protocol/jsonrpc.js";
export { classifyMessage, errorResponse, parseMessage, successResponse } from "./protocol/jsonrpc.js";
export { encodeMessage } from "./protocol/encode.js";
export type { ProtocolVersion } from "./protocol/versions.js";
export { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, negotiateVersion } from "./protocol/versions.js";
export type { Peer } from "./protocol/connection.js";
export type { UriMatcher, UriVariables } from "./protocol/uri-matcher.js";
export { compileUriTemplate } from "./protocol/uri-matcher.js";
export type { ServerLogger } from "./protocol/logger.js";
export { stderrLogger } from "./protocol/logger.js";
export {
  DEFAULT_HTTP_HOST,
  DEFAULT_HTTP_MAX_BODY_BYTES,
  DEFAULT_HTTP_PATH,
  DEFAULT_HTTP_PORT,
  DEFAULT_LEGACY_MESSAGES_PATH,
  DEFAULT_LEGACY_SSE_PATH,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SESSION_IDLE_TIMEOUT_MS,
  DEFAULT_TCP_PORT,
  DEFAULT_WS_PING_INTERVAL_MS,
  DEFAULT_WS_PORT,
} from "./config/defaults.js";
export type { McpServer, ServerOptions } from "./protocol/create-server.js";
export { LazyAbort, onCancel, type CancelSource } from "./protocol/lazy-abort.js";
export type { TaskOptions } from "./protocol/tasks/options.js";
export type { MemoryTaskStoreOptions, TaskStore } from "./protocol/tasks/store.js";
export { MemoryTaskStore } from "./protocol/tasks/store.js";
export type { StoredTask, TaskStatus } from "./protocol/tasks/task.js";
export { TASKS_EXTENSION } from "./protocol/tasks/extension.js";
export { createServer } from "./protocol/create-server.js";
export { notifyResourceUpdated, type NotifyOptions } from "./protocol/subscriptions.js";
export type { HttpMainArgs, MainArgs, TcpMainArgs, UnixMainArgs, WebSocketMainArgs } from "./server/main-args.js";
export { parseMainArgs } from "./server/main-args.js";
export { runMain } from "./server/run-main.js";
export type { StdioOptions } from "./transports/stdio.js";
export { runStdio } from "./transports/stdio.js";
export type { TransportListener } from "./transports/listener.js";
export type { ListenWebSocketOptions } from "./transports/websocket.js";
export { listenWebSocket } from "./transports/websocket.js";
export type { ListenTcpOptions } from "./transports/tcp.js";
export { listenTcp } from "./transports/tcp.js";
export type { ListenUnixOptions } from "./transports/unix.js";
export { listenUnix } from "./transports/unix.js";
export type { StreamableHttpHandler } from "./transports/http/handler.js";
export { createStreamableHttpHandler } from "./transports/http/handler.js";
export type { StreamableHttpOptions } from "./transports/http/options.js";
export type { HttpListener, LegacySseListenOptions, ListenHttpOptions } from "./server/listen-http.js";
export { listenHttp } from "./server/listen-http.js";
export type { LegacySseHandler } from "./transports/http/legacy-sse/handler.js";
export { createLegacySseHandler } from "./transports/http/legacy-sse/handler.js";
export type { LegacySseOptions } from "./transports/http/legacy-sse/options.js";

// The production pipeline's seams: who called, what observers see, route rate limits, authentication.
export type { Caller } from "./protocol/caller.js";
export type { RefusalReason, RefusalRecord, RequestObserver, RequestOutcome, RequestRecord } from "./protocol/observer.js";
export type { Admission, AdmissionCheck, AdmissionOptions, AdmissionRefusal, Admit } from "./auth/admission.js";
export { admissionRefusal, createAdmission, manifestGuards } from "./auth/admission.js";
export type { LimitDecision, RouteLimiter } from "./protocol/limiter.js";
export type { AuthRequest, AuthResult, Authenticator } from "./auth/authenticator.js";

// Authentication: JWT bearer tokens, API keys, Passport strategies, scope checks.
export type { AuthOptions, JwksOptions } from "./auth/options.js";
export { createAuthenticator } from "./auth/create-authenticator.js";
export { authRequestOf } from "./auth/auth-request.js";
export type { AuthRefusal, BearerError, ChallengeOptions, ChallengeParams } from "./auth/challenge.js";
export { bearerChallenge } from "./auth/challenge.js";
export { checkScopes, hasScopes, insufficientScope, scopesOf } from "./auth/scopes.js";
export type { ApiKeyRecord } from "./auth/api-key-store.js";
export { generateApiKey, hashApiKey } from "./auth/api-key-store.js";
export type { SchemeOutcome, SchemeVerifier } from "./auth/scheme-verifier.js";
export type { PassportActions, PassportAdapterOptions, PassportRequest, PassportStrategyLike } from "./auth/passport.js";
export { fromPassportStrategy } from "./auth/passport.js";
export { DEFAULT_AUTH_REALM, DEFAULT_JWKS_CACHE_MAX_AGE_MS, DEFAULT_JWKS_COOLDOWN_MS, DEFAULT_JWKS_TIMEOUT_MS } from "./config/defaults.js";

// Tenancy: the tenant of each request from the manifest's sources, policies from a directory, per-tenant limits.
export type { TenantRefusalCode, TenantResolution, TenantResolver, TenantResolverOptions } from "./tenancy/resolver.js";
export { createTenantResolver } from "./tenancy/resolver.js";
export type { TenantRequest } from "./tenancy/sources.js";
export type { TenantDirectory } from "./tenancy/directory.js";
export { manifestTenantDirectory } from "./tenancy/directory.js";
export type { FileTenantDirectoryOptions } from "./tenancy/file-directory.js";
export { createFileTenantDirectory } from "./tenancy/file-directory.js";
export type { RedisTenantDirectoryOptions } from "./tenancy/redis-directory.js";
export { createRedisTenantDirectory } from "./tenancy/redis-directory.js";
export { parseTenantPolicy } from "./tenancy/parse-policy.js";
export { isTenantId, TENANT_ID_PATTERN } from "./tenancy/tenant-id.js";
export type { TenantGateOptions } from "./limits/tenant-gate.js";
export { createTenantGate } from "./limits/tenant-gate.js";
export type { SlotLimiter, TenantGate, TenantRelease } from "./protocol/tenant-gate.js";
export type { ConcurrencyStore } from "./limits/concurrency-store.js";
export { createMemoryConcurrencyStore } from "./limits/concurrency-store.js";
export type { RedisConcurrencyStoreOptions } from "./limits/redis-concurrency-store.js";
export { createRedisConcurrencyStore } from "./limits/redis-concurrency-store.js";
export type { SlotLimiterOptions } from "./limits/slot-limiter.js";
export { createSlotLimiter } from "./limits/slot-limiter.js";
export type { EntryKind, TenantRules } from "./routing/tenant-rules.js";
export { tenantRules } from "./routing/tenant-rules.js";

// Per-tenant secrets: stored API keys and OAuth tokens sealed with AES-256-GCM under each tenant's key (master key or KMS/Vault).
export type { SecretInput, TenantSecrets, TenantSecretsMasterKeyOptions, TenantSecretsOptions, TenantSecretsProviderOptions } from "./tenancy/secrets.js";
export { createTenantSecrets } from "./tenancy/secrets.js";
export type { TenantKey, TenantKeyProvider } from "./tenancy/key-provider.js";
export type { MasterKeyProviderOptions } from "./tenancy/master-key.js";
export { createMasterKeyProvider } from "./tenancy/master-key.js";
export type { TenantSecretErrorCode } from "./tenancy/secret-error.js";
export { TenantSecretError } from "./tenancy/secret-error.js";
export { DEFAULT_MASTER_KEY_ID, DEFAULT_TENANT_KEY_CACHE_SIZE } from "./config/defaults.js";

// Sessions of the stateful transports: the manager, its options and stats, and the record stores.
export type { SessionEndReason, SessionManagerOptions } from "./sessions/options.js";
export type { SessionStats } from "./sessions/stats.js";
export type { SessionRecord, SessionStore } from "./sessions/store.js";
export type { RedisSessionStoreOptions } from "./sessions/redis-store.js";
export { ManagedSession } from "./sessions/managed-session.js";
export type { SessionManagerView } from "./sessions/manager.js";
export { SessionManager } from "./sessions/manager.js";
export { MemorySessionStore } from "./sessions/memory-store.js";
export { RedisSessionStore } from "./sessions/redis-store.js";

// Observability: the audit log and metrics observe requests; health answers probes.
export type { AuditDestination, AuditStream } from "./observability/audit-destination.js";
export type { AuditLog, AuditLogOptions } from "./observability/audit-log.js";
export { createAuditLog } from "./observability/audit-log.js";
export type { Metrics, MetricsOptions } from "./observability/metrics.js";
export { createMetrics } from "./observability/metrics.js";
export type { HealthCheck, HealthCheckResult, HealthCheckStatus } from "./observability/health-check.js";
export type { Health, HealthCheckOptions, HealthOptions, HealthReport, HealthState } from "./observability/health.js";
export { createHealth } from "./observability/health.js";
export type { HealthHandlers } from "./observability/health-handlers.js";
export type { HttpHandler } from "./observability/http-reply.js";
export { DEFAULT_HEALTH_LIVE_PATH, DEFAULT_HEALTH_PATH, DEFAULT_HEALTH_READY_PATH, DEFAULT_METRICS_PATH } from "./config/defaults.js";

// Rate limits: route limits for the dispatcher, endpoint limits per IP/principal/tenant, Express middleware; memory or Redis.
export type { LimitCount, LimitStore, StoreFailureMode } from "./limits/store.js";
export type { LimitStoreOptions } from "./limits/create-store.js";
export { createLimitStore } from "./limits/create-store.js";
export { createMemoryLimitStore } from "./limits/memory-store.js";
export type { RedisLimitStoreOptions } from "./limits/redis-store.js";
export { createRedisLimitStore } from "./limits/redis-store.js";
export type { RouteLimiterOptions } from "./limits/route-limiter.js";
export { createRouteLimiter } from "./limits/route-limiter.js";
export type { HttpLimitName, HttpLimitRefusal, HttpLimits, HttpLimitsOptions } from "./limits/http-limits.js";
export { createHttpLimits, sendHttpLimitRefusal } from "./limits/http-limits.js";
export type { RateLimitMiddlewareOptions } from "./express/rate-limit.js";
export { rateLimitMiddleware } from "./express/rate-limit.js";
export { DEFAULT_RATE_LIMIT_STORE_FAILURE } from "./config/defaults.js";

// The HTTP security layer and the Express app: security headers, CORS, limits, authentication hooks.
export type { McpApp, McpAppOptions } from "./express/app.js";
export { createMcpApp } from "./express/app.js";
export type { LegacySseEndpointOptions, McpEndpoint, McpEndpointOptions } from "./express/mcp-endpoint.js";
export { createMcpEndpoint } from "./express/mcp-endpoint.js";
export type { HstsOptions, SecurityHeaderMap, SecurityHeadersOptions } from "./express/security-headers.js";
export { computeSecurityHeaders, securityHelmetOptions } from "./express/security-headers.js";
export type { CorsOptions } from "./transports/http/cors.js";
export type { HttpRefusal, HttpRequestCheck } from "./transports/http/refusal.js";
export { httpRefusal } from "./transports/http/refusal.js";
export { setRequestCaller } from "./transports/http/request-caller.js";
export { jsonErrorHandler, jsonNotFound } from "./express/json-errors.js";
export { DEFAULT_MAX_JSON_KEYS } from "./config/defaults.js";

// Graceful shutdown: drain on SIGTERM/SIGINT (readiness off, stop accepting, finish in flight, flush), listeners' close({ drainTimeoutMs }).
export type { Lifecycle, LifecycleState, ShutdownReport } from "./lifecycle/lifecycle.js";
export { createLifecycle } from "./lifecycle/lifecycle.js";
export type { BeforeExitHook, CloseHook, LifecycleHook, LifecycleOptions } from "./lifecycle/options.js";
export type { SignalHandlerOptions } from "./lifecycle/signals.js";
export { forcedExitCode, installSignalHandlers } from "./lifecycle/signals.js";
export type { TrackedServer } from "./lifecycle/tracked-server.js";
export { trackServer } from "./lifecycle/tracked-server.js";
export { InFlight } from "./lifecycle/in-flight.js";
export type { CloseOptions } from "./transports/listener.js";
export type { CommonMainArgs, StdioMainArgs } from "./server/main-args.js";
export type { RunMainOptions } from "./server/run-main.js";
export { DEFAULT_BEFORE_EXIT_TIMEOUT_MS, DEFAULT_DRAIN_TIMEOUT_MS } from "./config/defaults.js";

// One typed runtime config (file, TURBOMCP_* variables, overrides) and the production pipeline built from it.
export type { AuditDestinationName, ResolveRuntimeConfigOptions, RuntimeConfig, RuntimeConfigInput } from "./config/runtime-config.js";
export { resolveRuntimeConfig } from "./config/runtime-config.js";
export type { RuntimeConfigProblem } from "./config/runtime-config-error.js";
export { RuntimeConfigError } from "./config/runtime-config-error.js";
export type { EnvKey } from "./config/runtime-config-env.js";
export { RUNTIME_CONFIG_ENV } from "./config/runtime-config-env.js";
export { RUNTIME_CONFIG_FILE_ENV } from "./config/runtime-config-defaults.js";
export type { ProductionOptions, ProductionPipeline } from "./server/production.js";
export { createProductionPipeline } from "./server/production.js";

/**
 * `@turbomcp/runtime`: what every generated server links against: the protocol core,
 * the routing table, handler context and results, validators, the stdio transport,
 * `runMain`, the runtime config and graceful shutdown. It loads no HTTP server,
 * Express, Redis, metrics or JWT library; those tiers are entries of their own
 * (`/http`, `/express`, `/sockets`, `/auth`, `/tenancy`, `/redis`, `/observability`)
 * and `runMain` imports a tier only when the config uses it.
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
export type { Dependency, DependencyCallOptions, DependencyFailure, DependencyState } from "./handlers/dependency.js";
export type { CompletionResult, PromptResult, ResourceContent, ResourceResult, ToolResult } from "./handlers/results.js";
export { NOT_IMPLEMENTED, NotImplementedError, ToolError, notImplemented } from "./handlers/errors.js";
export { UpstreamStatusError, callUpstream, upstreamText } from "./upstream/call-upstream.js";
export { UpstreamConfigError } from "./upstream/request.js";
export type { UpstreamApi, UpstreamAuth, UpstreamCallOptions, UpstreamMethod, UpstreamOperation, UpstreamParameterLocation } from "./upstream/types.js";
export type {
  ApiKeyScheme,
  AuthPolicy,
  AuthorizationServerPolicy,
  ConfiguredClientPolicy,
  GrantRule,
  LoginPolicy,
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
export type { DependencyPolicies, DependencyPolicy } from "./config/dependency-policy.js";
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
export { defineRoutes, promptRoute, resourceRoute, resourceTemplateRoute, selectRoutes, toolRoute, type RouteSelection } from "./routing/define-routes.js";
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
export { LATEST_PROTOCOL_VERSION, STATELESS_PROTOCOL_VERSIONS, SUPPORTED_PROTOCOL_VERSIONS, negotiateVersion } from "./protocol/versions.js";
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
export type { LocalTaskRuns, TaskRunRelay } from "./protocol/tasks/relay.js";
export type { StoredTask, TaskStatus } from "./protocol/tasks/task.js";
export { TASKS_EXTENSION } from "./protocol/tasks/extension.js";
export { createServer } from "./protocol/create-server.js";
export { createLiveRoutes, type LiveRoutes } from "./protocol/live-routes.js";
export type { ListChanges } from "./protocol/route-state.js";
export type { Dependencies, DependenciesOptions, DependencyObserver, DependencyStatus } from "./protocol/dependencies/registry.js";
export { createDependencies } from "./protocol/dependencies/registry.js";
// The middleware chain around MCP requests (docs/middleware.md).
export type {
  EntryDefinition,
  McpCall,
  McpMethod,
  McpNext,
  McpResult,
  Middleware,
  MiddlewareFactory,
  MiddlewareSetup,
  MiddlewareUse,
} from "./routing/middleware.js";
// The built-in middleware, written on the same API.
export { resultCache, type ResultCacheOptions, type ResultCacheScope } from "./middleware/result-cache.js";
export { createMemoryResultCacheStore, type CachedResult, type MemoryResultCacheStoreOptions, type ResultCacheStore } from "./middleware/result-cache-store.js";
export { redactArguments, type RedactArgumentsOptions } from "./middleware/redact-arguments.js";
export { concurrencyLimit, type ConcurrencyLimitOptions } from "./middleware/concurrency-limit.js";
export type {
  CompleteResult,
  CompletionCall,
  FamilyMiddleware,
  ListCall,
  ListMethod,
  ListResult,
  PromptCall,
  ReadResourceResult,
  ResourceCall,
  ToolCall,
} from "./protocol/middleware/families.js";
export { completionMiddleware, listMiddleware, promptMiddleware, resourceMiddleware, toolMiddleware } from "./protocol/middleware/families.js";
export type { Clock } from "./protocol/dependencies/clock.js";
export { notifyResourceUpdated, type NotifyOptions } from "./protocol/subscriptions.js";
export type { HttpMainArgs, MainArgs, TcpMainArgs, UnixMainArgs, WebSocketMainArgs } from "./server/main-args.js";
export { parseMainArgs } from "./server/main-args.js";
export { runMain } from "./server/run-main.js";
export type { StdioOptions } from "./transports/stdio.js";
export { runStdio } from "./transports/stdio.js";
export type { MessageTransport, MessageTransportOptions } from "./transports/message-transport.js";
export { serveMessageTransport } from "./transports/message-transport.js";
export type { TransportListener } from "./transports/listener.js";
// The production pipeline's seams: who called, what observers see, route rate limits.
export type { Caller } from "./protocol/caller.js";
export type { RefusalReason, RefusalRecord, RequestObserver, RequestOutcome, RequestRecord } from "./protocol/observer.js";
export type { RequestTrace, RequestTracer, TraceCarrier } from "./protocol/tracer.js";
export type { LimitDecision, RouteLimiter } from "./protocol/limiter.js";
export type { SlotLimiter, TenantGate, TenantRelease } from "./protocol/tenant-gate.js";
export type { ConcurrencyStore } from "./limits/concurrency-store.js";
export { createMemoryConcurrencyStore } from "./limits/concurrency-store.js";
export type { SlotLimiterOptions } from "./limits/slot-limiter.js";
export { createSlotLimiter } from "./limits/slot-limiter.js";
// Rate limits in memory: route limits for the dispatcher, concurrency slots (Redis stores: /redis; endpoint limits: /http).
export type { LimitCount, LimitStore, StoreFailureMode } from "./limits/store.js";
export { createMemoryLimitStore } from "./limits/memory-store.js";
export type { RouteLimiterOptions } from "./limits/route-limiter.js";
export { createRouteLimiter } from "./limits/route-limiter.js";
export { DEFAULT_RATE_LIMIT_STORE_FAILURE } from "./config/defaults.js";
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
export type { ListeningEndpoint, RunMainOptions } from "./server/run-main.js";
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

/**
 * `@turbomcp/runtime/oauth`: the built-in OAuth 2.1 authorization server
 * (`auth.authorizationServer` in the manifest), its store interface and in-memory
 * store (the Redis store is in `@turbomcp/runtime/redis`), and its HTTP router.
 * `createMcpApp` and `runMain` build and serve it by themselves; these are for
 * assembling it yourself (a shared store, your own Express app).
 *
 * Named exports only; this list is the public API of the entry.
 */
export type {
  AuthorizationServer,
  AuthorizationServerOptions,
  AuthorizeOutcome,
  ClientMetadataResolver,
  ConsentView,
} from "../oauth-server/authorization-server.js";
export { createAuthorizationServer } from "../oauth-server/authorization-server.js";
export type {
  AuthorizationStore,
  ClientAuthMethod,
  ClientRecord,
  CodeRecord,
  CodeRedemption,
  ConsentRecord,
  GrantSubject,
  GrantType,
  PendingAuthorization,
  RefreshRecord,
  RefreshRotation,
} from "../oauth-server/store.js";
export { MemoryAuthorizationStore } from "../oauth-server/memory-store.js";
export { OAuthError, type OAuthErrorCode } from "../oauth-server/oauth-error.js";
export type { AuthorizationServerRouterOptions, UpstreamLogin } from "../express/authorization-server-router.js";
export { authorizationServerRouter } from "../express/authorization-server-router.js";
export type { LocalIssuer } from "../auth/options.js";

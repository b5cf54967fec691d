/**
 * `@turbomcp/runtime/auth`: authentication (JWT bearer tokens, API keys, Passport
 * strategies), admission, scope checks and bearer challenges.
 *
 * Named exports only; this list is the public API of the entry.
 */
export type { Admission, AdmissionCheck, AdmissionOptions, AdmissionRefusal, Admit } from "../auth/admission.js";
export { admissionRefusal, createAdmission, manifestGuards } from "../auth/admission.js";
export type { AuthRequest, AuthResult, Authenticator } from "../auth/authenticator.js";
export type { AuthOptions, JwksOptions, JwtCacheOptions } from "../auth/options.js";
export { createAuthenticator } from "../auth/create-authenticator.js";
export { authRequestOf } from "../auth/auth-request.js";
export type { AuthRefusal, BearerError, ChallengeOptions, ChallengeParams } from "../auth/challenge.js";
export { bearerChallenge } from "../auth/challenge.js";
export { checkScopes, hasScopes, insufficientScope, scopesOf } from "../auth/scopes.js";
export type { ApiKeyRecord } from "../auth/api-key-store.js";
export { generateApiKey, hashApiKey } from "../auth/api-key-store.js";
export type { SchemeOutcome, SchemeVerifier } from "../auth/scheme-verifier.js";
export type { PassportActions, PassportAdapterOptions, PassportRequest, PassportStrategyLike } from "../auth/passport.js";
export { fromPassportStrategy } from "../auth/passport.js";
export { DEFAULT_AUTH_REALM, DEFAULT_JWKS_CACHE_MAX_AGE_MS, DEFAULT_JWKS_COOLDOWN_MS, DEFAULT_JWKS_TIMEOUT_MS } from "../config/defaults.js";

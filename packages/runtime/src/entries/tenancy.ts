/**
 * `@turbomcp/runtime/tenancy`: the tenant of each request, tenant directories
 * (manifest, file), per-tenant limits and per-tenant secrets.
 *
 * Named exports only; this list is the public API of the entry.
 */
export type { TenantRefusalCode, TenantResolution, TenantResolver, TenantResolverOptions } from "../tenancy/resolver.js";
export { createTenantResolver } from "../tenancy/resolver.js";
export type { TenantRequest } from "../tenancy/sources.js";
export type { TenantDirectory } from "../tenancy/directory.js";
export { manifestTenantDirectory } from "../tenancy/directory.js";
export type { FileTenantDirectoryOptions } from "../tenancy/file-directory.js";
export { createFileTenantDirectory } from "../tenancy/file-directory.js";
export { parseTenantPolicy } from "../tenancy/parse-policy.js";
export { isTenantId, TENANT_ID_PATTERN } from "../tenancy/tenant-id.js";
export type { TenantGateOptions } from "../limits/tenant-gate.js";
export { createTenantGate } from "../limits/tenant-gate.js";
export type { EntryKind, TenantRules } from "../routing/tenant-rules.js";
export { tenantRules } from "../routing/tenant-rules.js";
export type { SecretInput, TenantSecrets, TenantSecretsMasterKeyOptions, TenantSecretsOptions, TenantSecretsProviderOptions } from "../tenancy/secrets.js";
export { createTenantSecrets } from "../tenancy/secrets.js";
export type { TenantKey, TenantKeyProvider } from "../tenancy/key-provider.js";
export type { MasterKeyProviderOptions } from "../tenancy/master-key.js";
export { createMasterKeyProvider } from "../tenancy/master-key.js";
export type { TenantSecretErrorCode } from "../tenancy/secret-error.js";
export { TenantSecretError } from "../tenancy/secret-error.js";
export { DEFAULT_MASTER_KEY_ID, DEFAULT_TENANT_KEY_CACHE_SIZE } from "../config/defaults.js";

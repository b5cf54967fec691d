/**
 * The manifest as it looks after schema validation with defaults applied. These
 * types mirror `schemas/manifest.schema.json`; only the normaliser reads them.
 */
import type {
  Annotations,
  AuthPolicy,
  DependencyPolicies,
  Icon,
  JsonObject,
  JsonSchema,
  RateLimitPolicy,
  ServerDefinition,
  ServerRateLimits,
  TenancyPolicy,
  TenantPolicy,
  TenantSource,
  ToolAnnotations,
  ToolExecution,
  UpstreamApi,
  UpstreamOperation,
} from "@turbomcp/runtime";
import type { DistributionModel } from "./types.js";

interface RouteFields {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly icons?: readonly Icon[];
  readonly scopes: readonly string[];
  readonly timeoutMs?: number;
  readonly _meta?: JsonObject;
  /** Names of top-level `middleware` definitions, the first outermost. */
  readonly middleware?: readonly string[];
}

export interface ToolInput extends RouteFields {
  readonly inputSchema: JsonSchema;
  readonly outputSchema?: JsonSchema;
  readonly annotations?: ToolAnnotations;
  readonly rateLimit?: RateLimitPolicy;
  /** `taskSupport` is filled in by the schema default. */
  readonly execution?: ToolExecution;
  readonly upstream?: ToolUpstreamInput;
}

/** A tool's `upstream`: the runtime's operation, naming its API by the dependency (written by `turbomcp import openapi`). */
export type ToolUpstreamInput = Omit<UpstreamOperation, "api"> & { readonly dependency: string };

/** A dependency's `http`: the runtime's API without its name, which is the dependency's. */
export type UpstreamHttpInput = Omit<UpstreamApi, "dependency">;

export interface ResourceInput extends RouteFields {
  readonly uri: string;
  readonly mimeType?: string;
  readonly size?: number;
  readonly annotations?: Annotations;
}

export interface CompletionInput {
  readonly values?: readonly string[];
  readonly dynamic?: true;
}

export interface ResourceTemplateInput extends RouteFields {
  readonly uriTemplate: string;
  readonly mimeType?: string;
  readonly annotations?: Annotations;
  readonly variables?: Readonly<Record<string, { readonly description?: string; readonly schema?: JsonSchema; readonly completion?: CompletionInput }>>;
}

export interface PromptInput extends RouteFields {
  readonly arguments?: readonly {
    readonly name: string;
    readonly title?: string;
    readonly description?: string;
    readonly required: boolean;
    readonly completion?: CompletionInput;
  }[];
}

/** One top-level `middleware` definition, chosen by `use`; `scope` is filled in by the schema default. */
export type MiddlewareInput =
  | { readonly use: "cache"; readonly ttlMs: number; readonly scope: "principal" | "tenant" | "public"; readonly maxEntries?: number }
  | { readonly use: "redact"; readonly keys: readonly string[] }
  | { readonly use: "concurrency"; readonly max: number; readonly waitMs?: number }
  | { readonly use: "custom"; readonly description?: string };

export interface TenantsInput {
  /** One source, or `sources` tried in order; the schema requires exactly one of them. */
  readonly source?: TenantSource;
  readonly sources?: readonly TenantSource[];
  readonly required: boolean;
  readonly defaults: TenantPolicy;
  readonly policies: Readonly<Record<string, TenantPolicy>>;
}

export interface ManifestInput {
  readonly server: ServerDefinition;
  readonly codegen: { readonly generatedDir: string; readonly handlersDir: string; readonly client: boolean };
  readonly tools?: readonly ToolInput[];
  readonly resources?: readonly ResourceInput[];
  readonly resourceTemplates?: readonly ResourceTemplateInput[];
  readonly prompts?: readonly PromptInput[];
  readonly auth?: AuthPolicy;
  readonly tenants?: TenantsInput;
  readonly rateLimits?: ServerRateLimits;
  /** Each dependency is a breaker policy, plus `http` for those that imported tools call. */
  readonly dependencies?: Readonly<Record<string, DependencyPolicies[string] & { readonly http?: UpstreamHttpInput }>>;
  readonly middleware?: Readonly<Record<string, MiddlewareInput>>;
  readonly distribution?: DistributionModel;
}

/** Tenancy in the manifest is `tenants`; the runtime calls the same thing `tenancy`. */
export function toTenancyPolicy(tenants: TenantsInput): TenancyPolicy {
  const sources = tenants.sources ?? (tenants.source === undefined ? [] : [tenants.source]);
  return { sources, required: tenants.required, defaults: tenants.defaults, tenants: tenants.policies };
}

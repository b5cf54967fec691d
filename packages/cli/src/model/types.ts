/**
 * The normalised manifest: the one model every emitter reads. Emitters never see
 * the raw manifest; every default has been applied and every name derived here.
 */
import type { InlinedSchema } from "../load/resolve-refs.js";
import type { ToolUpstreamInput, UpstreamHttpInput } from "./manifest-input.js";
import type {
  Annotations,
  AuthPolicy,
  DependencyPolicies,
  Icon,
  JsonObject,
  JsonSchema,
  RoutePolicy,
  ServerDefinition,
  ServerRateLimits,
  TenancyPolicy,
  ToolAnnotations,
  ToolExecution,
} from "@turbomcp/runtime";

/** Names derived once from a manifest name. */
export interface EntryNames {
  /** Name as written in the manifest. */
  readonly name: string;
  /** Exported handler function, e.g. `getUser`. */
  readonly identifier: string;
  /** Base of generated type names, e.g. `GetUser`. */
  readonly typeBase: string;
  /** Handler file path relative to the handlers folder, without extension, e.g. `tools/get-user`. */
  readonly handlerModule: string;
}

/** Where each manifest entry came from, for `check` reports and diagnostics. */
export interface EntryOrigin {
  /** JSON pointer of the entry in the resolved manifest, e.g. `/tools/3`. */
  readonly pointer: string;
}

/** The middleware an entry runs, by definition name, the first outermost; absent when it runs none. */
export interface EntryMiddleware {
  readonly middleware?: readonly string[];
}

export interface ToolModel extends EntryNames, EntryOrigin, EntryMiddleware {
  readonly title?: string;
  readonly description?: string;
  readonly inputSchema: JsonSchema;
  readonly outputSchema?: JsonSchema;
  readonly annotations?: ToolAnnotations;
  readonly icons?: readonly Icon[];
  readonly meta?: JsonObject;
  readonly policy: RoutePolicy;
  /** Present only when the tool may run as a task (`taskSupport` optional or required). */
  readonly execution?: ToolExecution;
  /** The HTTP operation the tool calls (an imported tool): its stub calls `callUpstream` with it. */
  readonly upstream?: ToolUpstreamInput;
}

export interface ResourceModel extends EntryNames, EntryOrigin, EntryMiddleware {
  readonly uri: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
  readonly size?: number;
  readonly annotations?: Annotations;
  readonly icons?: readonly Icon[];
  readonly meta?: JsonObject;
  readonly policy: RoutePolicy;
}

/** A template variable or prompt argument with its completion source. */
export interface CompletableParameter {
  readonly name: string;
  readonly description?: string;
  readonly completion?: { readonly values: readonly string[] } | { readonly dynamic: true };
}

export interface TemplateVariableModel extends CompletableParameter {
  /** JSON Schema of the value (default `{type: "string"}`). */
  readonly schema: JsonSchema;
}

export interface ResourceTemplateModel extends EntryNames, EntryOrigin, EntryMiddleware {
  readonly uriTemplate: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
  readonly annotations?: Annotations;
  readonly icons?: readonly Icon[];
  readonly meta?: JsonObject;
  readonly variables: readonly TemplateVariableModel[];
  readonly policy: RoutePolicy;
}

export interface PromptArgumentModel extends CompletableParameter {
  readonly title?: string;
  readonly required: boolean;
}

export interface PromptModel extends EntryNames, EntryOrigin, EntryMiddleware {
  readonly title?: string;
  readonly description?: string;
  readonly icons?: readonly Icon[];
  readonly meta?: JsonObject;
  readonly arguments: readonly PromptArgumentModel[];
  readonly policy: RoutePolicy;
}

/** A built-in middleware definition: the runtime factory it calls and the options the manifest gives it (defaults filled in). */
export interface BuiltInMiddlewareModel extends EntryOrigin {
  readonly use: "cache" | "redact" | "concurrency";
  readonly name: string;
  /** The runtime's factory: `resultCache`, `redactArguments` or `concurrencyLimit`. */
  readonly factory: "resultCache" | "redactArguments" | "concurrencyLimit";
  /** As the manifest gives them, e.g. `{ ttlMs: 30000, scope: "tenant" }`: written into the factory call as they are. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A custom middleware definition: code the developer writes in its stub. */
export interface CustomMiddlewareModel extends EntryOrigin {
  readonly use: "custom";
  readonly name: string;
  /** The stub's export, e.g. `tenantRule`. */
  readonly identifier: string;
  /** Stub path relative to the handlers folder, without extension, e.g. `middleware/tenant-rule`. */
  readonly handlerModule: string;
  readonly description?: string;
}

export type MiddlewareModel = BuiltInMiddlewareModel | CustomMiddlewareModel;

export interface CodegenModel {
  // Both folders are checked to lie inside the manifest's folder (validate/codegen-paths.ts).
  /** Relative to the manifest's folder, forward slashes. */
  readonly generatedDir: string;
  readonly handlersDir: string;
  /** Write client.gen.ts, the typed test client. */
  readonly client: boolean;
}

/** An environment variable the server reads, from `distribution.environment` (defaults filled in). */
export interface DistributionVariable {
  readonly name: string;
  readonly description?: string;
  readonly required: boolean;
  readonly secret: boolean;
}

/** The manifest's `distribution` block, as written: what `turbomcp export` reads. */
export interface DistributionModel {
  /** Reverse-DNS registry name, e.g. `io.github.acme/weather`. */
  readonly registryName?: string;
  readonly remoteUrl?: string;
  readonly environment?: readonly DistributionVariable[];
  /** Paths relative to the manifest's folder, of exported files `check` keeps current. */
  readonly serverJson?: string;
  readonly serverCard?: string;
}

export interface ManifestModel {
  /** Manifest path relative to the working directory, as the regenerate command names it. */
  readonly manifestPath: string;
  /** Absolute folder of the manifest; output paths are resolved from it. */
  readonly baseDir: string;
  readonly server: ServerDefinition;
  readonly codegen: CodegenModel;
  readonly tools: readonly ToolModel[];
  readonly resources: readonly ResourceModel[];
  readonly resourceTemplates: readonly ResourceTemplateModel[];
  readonly prompts: readonly PromptModel[];
  readonly auth?: AuthPolicy;
  readonly tenancy?: TenancyPolicy;
  readonly rateLimits?: ServerRateLimits;
  /** Upstreams behind `ctx.dependency(name)`, with their circuit breakers' thresholds; absent when none are declared. */
  readonly dependencies?: DependencyPolicies;
  /** The dependencies with `http`, by name, in manifest order: what imported tools call (upstreams.gen.ts); absent when none. */
  readonly upstreamApis?: Readonly<Record<string, UpstreamHttpInput>>;
  /** The top-level middleware definitions, in manifest order; absent when there are none. */
  readonly middleware?: readonly MiddlewareModel[];
  /** How the server is published (`turbomcp export`); absent when the manifest says nothing. Not part of the generated code's fingerprint. */
  readonly distribution?: DistributionModel;
  /**
   * Schemas inlined from `$ref`s inside schemas (see load/resolve-refs.ts): the type
   * emitter declares each target once as a named type. Absent: no named types.
   */
  readonly inlinedSchemas?: readonly InlinedSchema[];
}

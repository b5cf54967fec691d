/**
 * The normalised manifest: the one model every emitter reads. Emitters never see
 * the raw manifest; every default has been applied and every name derived here.
 */
import type { InlinedSchema } from "../load/resolve-refs.js";
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

export interface ToolModel extends EntryNames, EntryOrigin {
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
}

export interface ResourceModel extends EntryNames, EntryOrigin {
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

export interface ResourceTemplateModel extends EntryNames, EntryOrigin {
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

export interface PromptModel extends EntryNames, EntryOrigin {
  readonly title?: string;
  readonly description?: string;
  readonly icons?: readonly Icon[];
  readonly meta?: JsonObject;
  readonly arguments: readonly PromptArgumentModel[];
  readonly policy: RoutePolicy;
}

export interface CodegenModel {
  // Both folders are checked to lie inside the manifest's folder (validate/codegen-paths.ts).
  /** Relative to the manifest's folder, forward slashes. */
  readonly generatedDir: string;
  readonly handlersDir: string;
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
  /**
   * Schemas inlined from `$ref`s inside schemas (see load/resolve-refs.ts): the type
   * emitter declares each target once as a named type. Absent: no named types.
   */
  readonly inlinedSchemas?: readonly InlinedSchema[];
}

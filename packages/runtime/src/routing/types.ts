/**
 * The routing table: the contract between generated code and the runtime.
 *
 * `turbomcp generate` emits one `defineRoutes({...})` call; the runtime reads
 * nothing else. Keep this file small and stable: every generated project depends
 * on its shape.
 */
import type { CompletionContext, PromptContext, ResourceContext, ToolContext } from "../handlers/context.js";
import type { CompletionResult, PromptResult, ResourceResult } from "../handlers/results.js";
import type { Implementation, PromptDefinition, ResourceDefinition, ResourceTemplateDefinition, ToolDefinition } from "../handlers/mcp-types.js";
import type { CompiledValidator } from "../validation/validator.js";
import type { AuthPolicy, RoutePolicy, ServerRateLimits, TenancyPolicy } from "../config/policies.js";
import type { DependencyPolicies } from "../config/dependency-policy.js";
import type { MiddlewareUse } from "./middleware.js";

export type Awaitable<T> = T | Promise<T>;

export type ToolHandler<Input, Output> = (input: Input, ctx: ToolContext) => Awaitable<Output>;
export type ResourceHandler = (ctx: ResourceContext) => Awaitable<ResourceResult>;
export type ResourceTemplateHandler<Variables> = (variables: Variables, ctx: ResourceContext) => Awaitable<ResourceResult>;
export type PromptHandler<Args> = (args: Args, ctx: PromptContext) => Awaitable<PromptResult>;
export type CompletionHandler<ArgumentName extends string> = (argument: ArgumentName, value: string, ctx: CompletionContext) => Awaitable<CompletionResult>;

/**
 * Whether a tool may run as a task of the tasks extension (SEP-2663), with the
 * values of the 2025-11-25 `ToolExecution.taskSupport`: `forbidden` never,
 * `optional` when the client negotiated the extension (synchronously otherwise),
 * `required` only then (a 2026-07-28 client without it gets -32021).
 */
export type TaskSupport = "forbidden" | "optional" | "required";

export interface ToolExecution {
  readonly taskSupport: TaskSupport;
  /**
   * How long the handler runs before the call becomes a task; default 0 (at once).
   * A call that finishes sooner is answered directly, and questions the handler asks
   * sooner go back as input-required rounds, so it can confirm before its long work.
   */
  readonly taskAfterMs?: number;
}

export interface ToolRoute<Input = unknown, Output = unknown> {
  readonly definition: ToolDefinition;
  readonly validateInput: CompiledValidator;
  /** Present when the tool declares `outputSchema`: the result is checked and sent as `structuredContent`. */
  readonly validateOutput?: CompiledValidator;
  readonly handler: ToolHandler<Input, Output>;
  readonly policy: RoutePolicy;
  /** Task support; absent: the tool always answers synchronously. */
  readonly execution?: ToolExecution;
  /** Middleware of this entry alone, inside the server's, first outermost (the manifest's `"middleware"` references). */
  readonly middleware?: readonly MiddlewareUse[];
}

export interface ResourceRoute {
  readonly definition: ResourceDefinition;
  readonly handler: ResourceHandler;
  readonly policy: RoutePolicy;
  /** Middleware of this entry alone, inside the server's, first outermost (the manifest's `"middleware"` references). */
  readonly middleware?: readonly MiddlewareUse[];
}

/**
 * Completion sources for the arguments of a prompt or the variables of a template.
 * `Dynamic` names the arguments the handler serves, so a generated handler can
 * type its `argument` parameter as exactly those names.
 */
export interface CompletionSources<Dynamic extends string = string> {
  /** Fixed candidate values per argument; the runtime filters them by prefix. */
  readonly values?: Readonly<Record<string, readonly string[]>>;
  /** Arguments whose candidates come from `handler`. */
  readonly dynamic?: readonly Dynamic[];
  readonly handler?: CompletionHandler<Dynamic>;
}

export interface ResourceTemplateRoute<Variables = unknown, Dynamic extends string = string> {
  readonly definition: ResourceTemplateDefinition;
  /** Variable names in template order. */
  readonly variables: readonly string[];
  /** Checks the extracted variables and coerces them to their declared types. */
  readonly validateVariables: CompiledValidator;
  readonly handler: ResourceTemplateHandler<Variables>;
  readonly completion?: CompletionSources<Dynamic>;
  readonly policy: RoutePolicy;
  /** Middleware of this entry alone, inside the server's, first outermost (the manifest's `"middleware"` references). */
  readonly middleware?: readonly MiddlewareUse[];
}

export interface PromptRoute<Args = unknown, Dynamic extends string = string> {
  readonly definition: PromptDefinition;
  readonly validateArguments: CompiledValidator;
  readonly handler: PromptHandler<Args>;
  readonly completion?: CompletionSources<Dynamic>;
  readonly policy: RoutePolicy;
  /** Middleware of this entry alone, inside the server's, first outermost (the manifest's `"middleware"` references). */
  readonly middleware?: readonly MiddlewareUse[];
}

/** Server identity plus the `instructions` sent at initialisation. */
export interface ServerDefinition extends Implementation {
  readonly instructions?: string;
}

/** What `defineRoutes` takes: the generated description of a server. */
export interface RouteTableInput {
  readonly server: ServerDefinition;
  readonly tools?: readonly ToolRoute[];
  readonly resources?: readonly ResourceRoute[];
  readonly resourceTemplates?: readonly ResourceTemplateRoute[];
  readonly prompts?: readonly PromptRoute[];
  readonly auth?: AuthPolicy;
  readonly tenancy?: TenancyPolicy;
  readonly rateLimits?: ServerRateLimits;
  /** Upstreams the handlers call through `ctx.dependency(name)`, each with its circuit breaker's thresholds. */
  readonly dependencies?: DependencyPolicies;
}

/** The frozen, indexed table the runtime serves from. */
export interface RouteTable {
  readonly server: ServerDefinition;
  readonly tools: ReadonlyMap<string, ToolRoute>;
  readonly resources: ReadonlyMap<string, ResourceRoute>;
  readonly resourceTemplates: readonly ResourceTemplateRoute[];
  readonly prompts: ReadonlyMap<string, PromptRoute>;
  /** Definitions in manifest order, built once so list requests never rebuild them. */
  readonly lists: {
    readonly tools: readonly ToolDefinition[];
    readonly resources: readonly ResourceDefinition[];
    readonly resourceTemplates: readonly ResourceTemplateDefinition[];
    readonly prompts: readonly PromptDefinition[];
  };
  readonly auth: AuthPolicy | undefined;
  readonly tenancy: TenancyPolicy | undefined;
  readonly rateLimits: ServerRateLimits | undefined;
  readonly dependencies: DependencyPolicies | undefined;
}

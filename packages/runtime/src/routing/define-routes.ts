/**
 * Builds the frozen routing table from the generated description.
 *
 * Generated code calls the typed helpers (`toolRoute<AddInput, AddOutput>({...})`)
 * so that the TypeScript compiler checks each handler against the types generated
 * from the manifest; the helpers then erase the type parameters, which is sound
 * because the runtime validates every input before a handler sees it.
 */
import type { PromptRoute, ResourceRoute, ResourceTemplateRoute, RouteTable, RouteTableInput, ToolRoute } from "./types.js";

/** Type-checks a tool route against its generated input and output types. */
export function toolRoute<Input, Output>(route: ToolRoute<Input, Output>): ToolRoute {
  return route as unknown as ToolRoute;
}

/** Type-checks a resource-template route against its generated variable types and completion names. */
export function resourceTemplateRoute<Variables, Dynamic extends string = string>(route: ResourceTemplateRoute<Variables, Dynamic>): ResourceTemplateRoute {
  return route as unknown as ResourceTemplateRoute;
}

/** Type-checks a prompt route against its generated argument types and completion names. */
export function promptRoute<Args, Dynamic extends string = string>(route: PromptRoute<Args, Dynamic>): PromptRoute {
  return route as unknown as PromptRoute;
}

/** Type-checks a fixed-URI resource route. */
export function resourceRoute(route: ResourceRoute): ResourceRoute {
  return route;
}

function indexBy<T>(kind: string, routes: readonly T[], key: (route: T) => string): ReadonlyMap<string, T> {
  const index = new Map<string, T>();
  for (const route of routes) {
    const name = key(route);
    if (index.has(name)) throw new Error(`duplicate ${kind} "${name}" in the routing table`);
    index.set(name, route);
  }
  return index;
}

/**
 * Indexes and freezes a routing table. Throws on duplicate names, which only a
 * hand-written table can contain (the generator rejects them earlier).
 *
 * @example
 * ```ts
 * import { defineRoutes, toolRoute } from "@turbomcp/runtime";
 * export const routes = defineRoutes({
 *   server: { name: "demo", version: "1.0.0" },
 *   tools: [],
 * });
 * ```
 */
export function defineRoutes(input: RouteTableInput): RouteTable {
  const tools = input.tools ?? [];
  const resources = input.resources ?? [];
  const resourceTemplates = input.resourceTemplates ?? [];
  const prompts = input.prompts ?? [];
  indexBy("resource template", resourceTemplates, (route) => route.definition.uriTemplate);
  return Object.freeze({
    server: input.server,
    tools: indexBy("tool", tools, (route) => route.definition.name),
    resources: indexBy("resource", resources, (route) => route.definition.uri),
    resourceTemplates: Object.freeze([...resourceTemplates]),
    prompts: indexBy("prompt", prompts, (route) => route.definition.name),
    lists: Object.freeze({
      tools: Object.freeze(tools.map((route) => route.definition)),
      resources: Object.freeze(resources.map((route) => route.definition)),
      resourceTemplates: Object.freeze(resourceTemplates.map((route) => route.definition)),
      prompts: Object.freeze(prompts.map((route) => route.definition)),
    }),
    auth: input.auth,
    tenancy: input.tenancy,
    rateLimits: input.rateLimits,
    dependencies: input.dependencies,
  });
}

/** Which entries `selectRoutes` keeps, per family; a family without a test keeps every entry. */
export interface RouteSelection {
  readonly tools?: (route: ToolRoute) => boolean;
  readonly resources?: (route: ResourceRoute) => boolean;
  readonly resourceTemplates?: (route: ResourceTemplateRoute) => boolean;
  readonly prompts?: (route: PromptRoute) => boolean;
}

/**
 * A table with the entries of `routes` that `keep` selects, everything else as it is:
 * what a feature flag hands a live table (docs/live-routes.md).
 *
 * @example
 * ```ts
 * import { selectRoutes } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const withoutBeta = selectRoutes(routes, { tools: (route) => !route.definition.name.startsWith("beta_") });
 * ```
 */
export function selectRoutes(routes: RouteTable, keep: RouteSelection): RouteTable {
  const all =
    <T>(): ((route: T) => boolean) =>
    () =>
      true;
  return defineRoutes({
    server: routes.server,
    tools: [...routes.tools.values()].filter(keep.tools ?? all()),
    resources: [...routes.resources.values()].filter(keep.resources ?? all()),
    resourceTemplates: routes.resourceTemplates.filter(keep.resourceTemplates ?? all()),
    prompts: [...routes.prompts.values()].filter(keep.prompts ?? all()),
    ...(routes.auth !== undefined && { auth: routes.auth }),
    ...(routes.tenancy !== undefined && { tenancy: routes.tenancy }),
    ...(routes.rateLimits !== undefined && { rateLimits: routes.rateLimits }),
    ...(routes.dependencies !== undefined && { dependencies: routes.dependencies }),
  });
}

/** `resources/list`, `resources/templates/list` and `resources/read` (server/resources). */
import type { ResourceResult } from "../../handlers/results.js";
import type { RoutePolicy } from "../../config/policies.js";
import type { ResourceContext } from "../../handlers/context.js";
import type { Awaitable, ResourceRoute, ResourceTemplateRoute, RouteTable } from "../../routing/types.js";
import { describeIssues } from "../../validation/validator.js";
import { McpError } from "../errors.js";
import { handlerFailure, stringParam } from "../handler-failure.js";
import { listMethod } from "./lists.js";
import { type MethodCall, type MethodDefinition, type MethodResult, afterAdmission } from "../method.js";
import { compileUriTemplate, type UriMatcher } from "../uri-matcher.js";
import { resourceContents } from "./resource-results.js";

// Compiled once per table; templates are tried in manifest order.
const matchers = new WeakMap<RouteTable, readonly (readonly [ResourceTemplateRoute, UriMatcher])[]>();

function templateMatchers(routes: RouteTable): readonly (readonly [ResourceTemplateRoute, UriMatcher])[] {
  let compiled = matchers.get(routes);
  if (!compiled) {
    compiled = routes.resourceTemplates.map((route) => [route, compileUriTemplate(route.definition.uriTemplate)] as const);
    matchers.set(routes, compiled);
  }
  return compiled;
}

/** What serves a URI: a fixed resource, or a template with its (coerced) variables. */
interface ResourceTarget {
  readonly route: ResourceRoute | ResourceTemplateRoute;
  readonly policy: RoutePolicy;
  /** What the access check and the route rate limit count: the URI, or the template for every URI it serves. */
  readonly admitAs: string;
  readonly name: string;
  readonly mimeType: string | undefined;
  read(context: ResourceContext): Awaitable<ResourceResult>;
}

/** The target for `uri`, or why a template that matched its shape refused its variables. */
function resourceTarget(routes: RouteTable, uri: string): ResourceTarget | { readonly rejected: string | undefined } {
  const fixed = routes.resources.get(uri);
  if (fixed)
    return {
      route: fixed,
      policy: fixed.policy,
      admitAs: uri,
      name: fixed.definition.name,
      mimeType: fixed.definition.mimeType,
      read: (context) => fixed.handler(context),
    };
  let rejected: string | undefined;
  for (const [route, match] of templateMatchers(routes)) {
    const variables = match(uri);
    if (!variables) continue;
    // validateVariables coerces in place ("3" → 3 for an integer id).
    if (!route.validateVariables(variables)) {
      rejected ??= describeIssues(route.validateVariables.errors);
      continue;
    }
    // Admitted (and counted against its rateLimit) as the template, not the URI: one
    // budget for every URI it serves, or reading notes://1, notes://2, … would each
    // get a budget of its own and a key of its own in the limit store.
    return {
      route,
      policy: route.policy,
      admitAs: route.definition.uriTemplate,
      name: route.definition.name,
      mimeType: route.definition.mimeType,
      read: (context) => route.handler(variables, context),
    };
  }
  return { rejected };
}

async function readResource(call: MethodCall): Promise<MethodResult> {
  const uri = stringParam(call.params, "uri", "resources/read");
  const target = resourceTarget(call.routes, uri);
  // A template that matched the shape but not the types names no resource either; say why.
  if (!("route" in target))
    throw new McpError("resource_not_found", "Resource not found", target.rejected === undefined ? { uri } : { uri, reason: target.rejected });
  try {
    await call.access.admit(call.caller, target.policy, target.admitAs, { kind: "resource", name: target.name });
  } catch (error) {
    throw handlerFailure(`reading resource ${uri}`, error, call.logger);
  }
  return afterAdmission(call, "resources/read", target.route, target, readAdmitted);
}

/** The admitted call: the handler (behind the middleware) and its contents. */
async function readAdmitted(call: MethodCall, target: ResourceTarget): Promise<MethodResult> {
  const uri = stringParam(call.params, "uri", "resources/read");
  const context = { ...call.context, uri };
  let result: ResourceResult;
  try {
    result = await call.run(target.policy, () => target.read(context));
  } catch (error) {
    throw handlerFailure(`reading resource ${uri}`, error, call.logger);
  }
  if (result === undefined || result === null) {
    call.logger.error(`resource handler for ${uri} returned nothing`);
    throw new McpError("internal_error", `Internal error while reading resource ${uri}`);
  }
  return { contents: resourceContents(result, uri, target.mimeType) };
}

/** The route that serves `uri`: a fixed resource, or the first template that matches it with valid variables. */
export function resourceRouteOf(routes: RouteTable, uri: string): ResourceRoute | ResourceTemplateRoute | undefined {
  const target = resourceTarget(routes, uri);
  return "route" in target ? target.route : undefined;
}

/**
 * Throws unless the caller may read `uri`: a subscription tells of changes to what it
 * names, so it needs what a read needs (the tenant's policy, the route's scopes).
 */
export function checkMayRead(call: MethodCall, route: ResourceRoute | ResourceTemplateRoute, uri: string): void {
  call.access.check(call.caller, route.policy, uri, { kind: "resource", name: route.definition.name });
}

/** Without a session there is no stream to carry `notifications/resources/updated` later. */
const SESSIONLESS_SUBSCRIBE = new McpError(
  "method_not_found",
  "resources/subscribe is not available: this server keeps no sessions (stateless mode), so it has nowhere to send resource updates",
);

/** resources/subscribe and resources/unsubscribe: `{uri}` in, `{}` out; unknown URIs are -32002. */
function subscription(method: "resources/subscribe" | "resources/unsubscribe"): MethodDefinition["handle"] {
  return async (call) => {
    // resources/unsubscribe is still answered: on a connection that subscribed to nothing it changes nothing.
    if (method === "resources/subscribe" && call.connection.sessionless) throw SESSIONLESS_SUBSCRIBE;
    const uri = stringParam(call.params, "uri", method);
    const route = resourceRouteOf(call.routes, uri);
    if (route === undefined) throw new McpError("resource_not_found", "Resource not found", { uri });
    if (method === "resources/subscribe") {
      checkMayRead(call, route, uri);
      call.subscriptions.subscribe(call.connection, uri, call.caller.tenant?.id);
    } else call.subscriptions.unsubscribe(call.connection, uri, call.caller.tenant?.id);
    return {};
  };
}

export const resourceMethods: Readonly<Record<string, MethodDefinition>> = {
  "resources/subscribe": { capability: "resources", era: "legacy", handle: subscription("resources/subscribe") },
  "resources/unsubscribe": { capability: "resources", era: "legacy", handle: subscription("resources/unsubscribe") },
  "resources/list": { capability: "resources", handle: listMethod("resources") },
  "resources/templates/list": {
    capability: "resources",
    handle: listMethod("resourceTemplates"),
  },
  "resources/read": { capability: "resources", asksForInput: true, handle: readResource },
};

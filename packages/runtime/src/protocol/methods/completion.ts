/**
 * `completion/complete` (server/utilities/completion): static values filtered by
 * prefix, or the route's completion handler for arguments listed as dynamic.
 */
import { MAX_COMPLETION_VALUES } from "../../config/defaults.js";
import type { RoutePolicy } from "../../config/policies.js";
import type { CompletionSources } from "../../routing/types.js";
import type { EntryRef } from "../access.js";
import { hasCompletions } from "../capabilities.js";
import { McpError } from "../errors.js";
import { handlerFailure } from "../handler-failure.js";
import { type MethodCall, type MethodDefinition, type MethodResult, afterAdmission } from "../method.js";

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

interface Target {
  readonly sources: CompletionSources | undefined;
  readonly policy: RoutePolicy;
  readonly what: string;
  readonly entry: EntryRef;
}

/** The completion sources the `ref` points at; an unknown ref is an invalid-params error. */
function sourcesFor(call: MethodCall, ref: Readonly<Record<string, unknown>>): Target {
  if (ref.type === "ref/prompt" && typeof ref.name === "string") {
    const route = call.routes.prompts.get(ref.name);
    if (route) return { sources: route.completion, policy: route.policy, what: `prompt ${ref.name}`, entry: { kind: "prompt", name: ref.name } };
    throw new McpError("invalid_params", `Unknown prompt: ${ref.name}`);
  }
  if (ref.type === "ref/resource" && typeof ref.uri === "string") {
    const route = call.routes.resourceTemplates.find((candidate) => candidate.definition.uriTemplate === ref.uri);
    if (route)
      return {
        sources: route.completion,
        policy: route.policy,
        what: `resource template ${ref.uri}`,
        entry: { kind: "resource", name: route.definition.name },
      };
    throw new McpError("invalid_params", `Unknown resource template: ${ref.uri}`);
  }
  throw new McpError("invalid_params", 'completion/complete needs ref {type: "ref/prompt", name} or {type: "ref/resource", uri}');
}

async function complete(call: MethodCall): Promise<MethodResult> {
  // Not gated by capability: 2024-11-05 had the method but not the `completions` capability.
  if (!hasCompletions(call.routes)) throw new McpError("method_not_found", "Method not found: completion/complete");
  const target = sourcesFor(call, record(call.params.ref));
  await call.access.admit(call.caller, target.policy, target.what, target.entry);
  return afterAdmission(call, "completion/complete", undefined, target, completeAdmitted);
}

/** The admitted call: the values (behind the middleware). */
async function completeAdmitted(call: MethodCall, target: Target): Promise<MethodResult> {
  const { sources, policy, what } = target;
  const argument = record(call.params.argument);
  if (typeof argument.name !== "string" || typeof argument.value !== "string") {
    throw new McpError("invalid_params", "completion/complete needs argument {name, value} with string fields");
  }
  const { name, value } = argument;
  let values: readonly string[];
  if (sources?.handler && sources.dynamic?.includes(name)) {
    const context = { ...call.context, arguments: record(record(call.params.context).arguments) as Record<string, string> };
    const handler = sources.handler;
    try {
      values = await call.run(policy, () => handler(name, value, context));
    } catch (error) {
      throw handlerFailure(`completing ${name} of ${what}`, error, call.logger);
    }
  } else {
    // Own entries only: an argument named `toString` must not find Object.prototype's function.
    const known = sources?.values !== undefined && Object.hasOwn(sources.values, name) ? sources.values[name] : undefined;
    values = (known ?? []).filter((candidate) => candidate.startsWith(value));
  }
  const page = values.slice(0, MAX_COMPLETION_VALUES);
  return { completion: { values: page, total: values.length, hasMore: values.length > page.length } };
}

export const completionMethods: Readonly<Record<string, MethodDefinition>> = {
  "completion/complete": { handle: complete },
};

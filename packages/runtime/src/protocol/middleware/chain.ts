/**
 * Runs a list of middleware around a method handler. Built once per server (and per
 * route with middleware of its own, see server-middleware.ts); a server without any
 * has no chain, and the dispatcher then calls the handler directly, so it allocates
 * nothing more per request than before.
 */
import type { ServerLogger } from "../logger.js";
import { handlerFailure } from "../handler-failure.js";
import { isRecord } from "../is-record.js";
import type { MethodCall, MethodResult } from "../method.js";
import { toolFailure } from "../methods/tool-results.js";
import type { EntryDefinition, McpCall, McpMethod, Middleware } from "../../routing/middleware.js";

/** Runs `handle` for `call` behind the middleware, mapping what they throw through the error table. */
export type MiddlewareChain = (
  method: McpMethod,
  call: MethodCall,
  definition: EntryDefinition | undefined,
  handle: (call: MethodCall) => Promise<MethodResult>,
) => Promise<MethodResult>;

function nameOf(method: McpMethod, params: Readonly<Record<string, unknown>>): string | undefined {
  let name: unknown;
  if (method === "tools/call" || method === "prompts/get") name = params.name;
  else if (method === "resources/read") name = params.uri;
  else if (method === "completion/complete" && isRecord(params.ref)) name = params.ref.name ?? params.ref.uri;
  return typeof name === "string" ? name : undefined;
}

function mcpCallOf(method: McpMethod, call: MethodCall, definition: EntryDefinition | undefined): McpCall {
  const { params, report } = call;
  const args = params.arguments;
  return {
    method,
    name: nameOf(method, params),
    definition,
    arguments: isRecord(args) ? args : undefined,
    params,
    ctx: call.context,
    caller: call.caller,
    recordArguments: (value) => {
      report.recordedArguments = { value };
    },
  };
}

/** The handler's call for what the last middleware passed on: only the arguments may change. */
function handlerCall(call: MethodCall, first: McpCall, last: McpCall): MethodCall {
  if (last === first || last.arguments === first.arguments) return call;
  return { ...call, params: { ...call.params, arguments: last.arguments } };
}

/** A middleware's throw (or the handler's, passing through): what the client sees. */
function failure(first: McpCall, error: unknown, logger: ServerLogger): MethodResult {
  // tools/call answers failures as isError results, like a handler's throw.
  if (first.method === "tools/call") return toolFailure(first.name ?? "(unnamed)", error, logger);
  throw handlerFailure(`running middleware for ${first.method}`, error, logger);
}

export function createChain(middleware: readonly Middleware[], logger: ServerLogger): MiddlewareChain | undefined {
  if (middleware.length === 0) return undefined;
  const layers = [...middleware];
  const last = layers.length;
  return async (method, call, definition, handle) => {
    const first = mcpCallOf(method, call, definition);
    // Not async itself: one promise per layer (the middleware's own), not two.
    const dispatch = (index: number, current: McpCall): Promise<MethodResult> =>
      index === last ? handle(handlerCall(call, first, current)) : layers[index]!(current, (next) => dispatch(index + 1, next ?? current));
    try {
      const result: unknown = await dispatch(0, first);
      // A bug like any other (some middleware returned no result object): mapped, and logged with its stack, below.
      if (typeof result !== "object" || result === null) throw new TypeError(`a middleware for ${method} returned ${String(result)}, not a result object`);
      return result;
    } catch (error) {
      return failure(first, error, logger);
    }
  };
}

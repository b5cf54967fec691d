/**
 * Routes one parsed message from a peer to its method handler and sends the reply.
 * Transport-neutral: stdio, HTTP and the socket transports all feed it
 * `ParsedMessage`s and a `Connection`.
 *
 * Both protocol eras go through here. A request that carries the 2026-07-28
 * per-request `_meta` (or a method only that era has) is served statelessly with a
 * connection of its own; anything else is served on the peer's legacy connection.
 */
import type { ServerLogger } from "./logger.js";
import type { RouteTable } from "../routing/types.js";
import type { ResolvedCacheHints } from "../config/cache-hints.js";
import { ANONYMOUS, ownerKey, type Caller } from "./caller.js";
import { Connection } from "./connection.js";
import { RequestCancelled, RequestTimedOut, runWithDeadline } from "./deadline.js";
import { LazyAbort } from "./lazy-abort.js";
import { McpError } from "./errors.js";
import { InputRound } from "./input-round.js";
import { errorResponse, successResponse, type JsonRpcNotification, type JsonRpcRequest, type JsonRpcResponse, type ParsedMessage } from "./jsonrpc.js";
import type { MethodCall, MethodDefinition, MethodResult, RequestReport } from "./method.js";
import { completionMethods } from "./methods/completion.js";
import { lifecycleMethods } from "./methods/lifecycle.js";
import { promptMethods } from "./methods/prompts.js";
import { resourceMethods } from "./methods/resources.js";
import { statelessMethods } from "./methods/stateless.js";
import { taskMethods } from "./methods/tasks.js";
import { toolMethods } from "./methods/tools.js";
import { HandlerContext } from "./request-context.js";
import { hasRequestMeta, readRequestMeta, unsupportedVersion } from "./request-meta.js";
import type { RequestStateSealer } from "./request-state.js";
import { bindingOf } from "./request-state.js";
import { ResultEnvelope } from "./result-envelope.js";
import type { RouteLimiter } from "./limiter.js";
import type { RequestObserver, RequestOutcome, RequestRecord } from "./observer.js";
import type { ResourceSubscriptions } from "./subscriptions.js";
import type { ResolvedTaskOptions } from "./tasks/options.js";
import { CallerLimits } from "./caller-limits.js";
import { NO_RELEASE, type SlotLimiter, type TenantGate, type TenantRelease } from "./tenant-gate.js";
import { TaskManager } from "./tasks/task-manager.js";
import { acceptsBatches, batchRefusal } from "./batches.js";
import { isStatelessVersion } from "./versions.js";
import { isRecord } from "./is-record.js";
import type { Dependencies } from "./dependencies/registry.js";
import type { ServerServices } from "./middleware/server-middleware.js";
import type { McpMethod, MiddlewareUse } from "../routing/middleware.js";
import { RouteState, type ListChanges } from "./route-state.js";
import type { RequestTrace, RequestTracer, TraceCarrier } from "./tracer.js";

export interface DispatcherOptions {
  /** Handler timeout for routes whose policy sets none. */
  readonly defaultTimeoutMs: number;
  readonly logger: ServerLogger;
  readonly subscriptions: ResourceSubscriptions;
  readonly cacheHints: ResolvedCacheHints;
  readonly requestState: RequestStateSealer;
  /** Aborted when the server closes. */
  readonly shutdown: AbortSignal;
  /** The tasks extension (SEP-2663): where tasks are kept, their TTL and poll interval. */
  readonly tasks: ResolvedTaskOptions;
  /** Counts route calls against `policy.rateLimit`; without one, route limits are not enforced here. */
  readonly limiter: RouteLimiter | undefined;
  /** Told about every answered request (metrics, audit). */
  readonly observers: readonly RequestObserver[];
  /** Per-tenant rate limits and concurrency; without one, tenant limits are not enforced here. */
  readonly tenantGate: TenantGate | undefined;
  /** Requests one principal (an identity within its tenant) may have in progress at once; unset: no bound. */
  readonly principalSlots: { readonly limiter: SlotLimiter; readonly perPrincipal: number } | undefined;
  /** The circuit breakers handlers reach through `ctx.dependency()`. */
  readonly dependencies: Dependencies;
  /** The server's middleware (docs/middleware.md), around each table's routes' own. */
  readonly middleware: readonly MiddlewareUse[];
  /** What middleware factories are set up with. */
  readonly services: ServerServices;
  /** The table may be replaced while clients are connected: capabilities say `listChanged: true`. */
  readonly listChanged: boolean;
  /** Traces each request and its handler (OpenTelemetry, observability/tracing.ts); undefined: no tracing. */
  readonly tracer: RequestTracer | undefined;
}

/**
 * Refused when the manifest requires a tenant and the transport established none: the
 * last line of defence behind the HTTP and WebSocket layers, which refuse earlier with
 * a precise message, for servers mounted or driven by hand.
 */
const TENANT_REQUIRED = new McpError("invalid_request", "Bad Request: this server needs a tenant, and the request has none");

const METHODS: ReadonlyMap<string, MethodDefinition> = new Map(
  Object.entries({ ...lifecycleMethods, ...toolMethods, ...resourceMethods, ...promptMethods, ...completionMethods, ...statelessMethods, ...taskMethods }),
);

function progressTokenOf(request: JsonRpcRequest): string | number | undefined {
  const meta = request.params?._meta;
  const token = typeof meta === "object" && meta !== null ? (meta as Record<string, unknown>).progressToken : undefined;
  return typeof token === "string" || typeof token === "number" ? token : undefined;
}

/** Whether a request on a stream-shaped transport (stdio, sockets) belongs to the stateless era. */
export function isStatelessRequest(request: JsonRpcRequest): boolean {
  const definition = METHODS.get(request.method);
  return hasRequestMeta(request.params) || definition?.era === "stateless";
}

/**
 * 2026-07-28 moved "resource not found" from -32002 to -32602 with data exactly
 * `{uri}`, which is how clients tell it from other invalid params, and forbids
 * emitting -32002 (basic/index, "Error Codes"). Handlers keep throwing one error;
 * this is where it takes the stateless form, any detail moving into the message.
 */
function statelessError(error: McpError): McpError {
  if (error.code !== "resource_not_found") return error;
  const data = isRecord(error.data) ? error.data : {};
  const reason = typeof data.reason === "string" ? `: ${data.reason}` : "";
  return new McpError("invalid_params", `${error.message}${reason}`, { uri: data.uri });
}

/** What observers learn about one answered request. */
function requestRecord(
  request: JsonRpcRequest,
  protocolVersion: string,
  caller: Caller,
  reply: JsonRpcResponse | undefined,
  report: RequestReport,
  durationMs: number,
): RequestRecord {
  const { timedOut } = report;
  const params = request.params ?? {};
  const named = params.name ?? params.uri;
  let outcome: RequestOutcome = "cancelled";
  let errorCode: number | undefined;
  if (reply !== undefined && "error" in reply) {
    outcome = timedOut ? "timeout" : "error";
    errorCode = reply.error.code;
  } else if (reply !== undefined) {
    const result = reply.result;
    if (timedOut) outcome = "timeout";
    else if (result.resultType === "input_required") outcome = "input_required";
    else outcome = result.isError === true ? "tool_error" : "ok";
  }
  const target = typeof named === "string" ? named : undefined;
  return {
    method: request.method,
    target,
    protocolVersion,
    outcome,
    errorCode,
    arguments: report.recordedArguments === undefined ? params.arguments : report.recordedArguments.value,
    durationMs,
    caller,
  };
}

export class Dispatcher {
  readonly #envelope: ResultEnvelope;
  /** The current table and what is derived from it; a request keeps the one it arrived with. */
  #state: RouteState;
  readonly #tasks: TaskManager;
  readonly #limits: CallerLimits;

  constructor(
    routes: RouteTable,
    readonly options: DispatcherOptions,
  ) {
    // The envelope reads only the server's identity, which replacing the table may not change.
    this.#envelope = new ResultEnvelope(routes, options.cacheHints);
    this.#state = new RouteState(routes, {
      envelope: this.#envelope,
      limiter: options.limiter,
      middleware: options.middleware,
      services: options.services,
      listChanged: options.listChanged,
    });
    this.#limits = new CallerLimits(options.tenantGate, options.principalSlots);
    const { defaultTimeoutMs, logger, shutdown } = options;
    this.#tasks = new TaskManager({ ...options.tasks, envelope: this.#envelope, logger, defaultTimeoutMs, shutdown });
  }

  /**
   * Handles one message; resolves once its reply (if any) has been handed to the
   * connection. `carrier`: the transport's trace context (HTTP headers), if any.
   */
  async receive(parsed: ParsedMessage, connection: Connection, caller: Caller = ANONYMOUS, carrier?: TraceCarrier): Promise<void> {
    switch (parsed.kind) {
      case "invalid":
        if (parsed.reply) connection.send(parsed.reply);
        else this.options.logger.warn(`ignored a message: ${parsed.reason}`);
        return;
      case "response":
        if (!connection.outbound.settle(parsed.message)) this.options.logger.warn(`ignored a response to unknown request ${String(parsed.message.id)}`);
        return;
      case "notification":
        this.#notify(parsed.message, connection);
        return;
      case "request": {
        const reply = await this.#reply(parsed.message, connection, caller, carrier);
        if (reply) connection.send(reply, parsed.message.id);
        return;
      }
      case "batch":
        return this.#receiveBatch(parsed.items, connection, caller, carrier);
    }
  }

  #reply(request: JsonRpcRequest, connection: Connection, caller: Caller, carrier: TraceCarrier | undefined): Promise<JsonRpcResponse | undefined> {
    return isStatelessRequest(request) ? this.executeStateless(request, connection, caller, carrier) : this.execute(request, connection, caller, carrier);
  }

  /**
   * A JSON-RPC batch: allowed on 2025-03-26 only ("MUST support receiving JSON-RPC
   * batches"; 2025-06-18 removed them, and `initialize` may never be batched). Its
   * messages run concurrently and the replies go back as one array, or not at all
   * when it held only notifications and responses.
   */
  async #receiveBatch(items: readonly ParsedMessage[], connection: Connection, caller: Caller, carrier: TraceCarrier | undefined): Promise<void> {
    const version = connection.initialized ? connection.protocolVersion : undefined;
    if (!acceptsBatches(version)) return connection.send(errorResponse(null, batchRefusal(version)));
    const replies = await Promise.all(
      items.map(async (item): Promise<JsonRpcResponse | undefined> => {
        if (item.kind === "request") return this.#reply(item.message, connection, caller, carrier);
        if (item.kind === "invalid") return item.reply ?? undefined;
        await this.receive(item, connection, caller);
        return undefined;
      }),
    );
    const answered = replies.filter((reply): reply is JsonRpcResponse => reply !== undefined);
    // Related to the batch's first request, so HTTP finds the POST the array answers.
    if (answered.length > 0) connection.send(answered, answered.find((reply) => reply.id != null)?.id ?? undefined);
  }

  #notify(message: JsonRpcNotification, connection: Connection): void {
    if (message.method !== "notifications/cancelled") return; // others (initialized, roots/list_changed) need no action yet
    const { requestId, reason } = message.params ?? {};
    if (typeof requestId !== "string" && typeof requestId !== "number") return;
    connection.inFlight.get(requestId)?.abort(new RequestCancelled(typeof reason === "string" ? reason : undefined));
  }

  get routes(): RouteTable {
    return this.#state.routes;
  }

  /**
   * Serves `routes` from now on; requests in progress finish on the table they began
   * with. Throws, leaving the current table serving, when the new one cannot be set up
   * or changes more than the entries. Returns which lists changed.
   */
  replaceRoutes(routes: RouteTable): ListChanges {
    const previous = this.#state;
    const next = previous.successor(routes);
    this.#state = next;
    return next.changedLists(previous);
  }

  /** The definition of a method this era and this table serve, or the -32601 to answer. */
  #definition(method: string, era: "legacy" | "stateless", version: string): MethodDefinition {
    const definition = METHODS.get(method);
    if (!definition || (definition.era !== undefined && definition.era !== era)) throw new McpError("method_not_found", `Method not found: ${method}`);
    if (definition.capability && !(definition.capability in this.#state.capabilities(version))) {
      throw new McpError("method_not_found", `Method not found: ${method}`, { reason: `the server does not offer ${definition.capability}` });
    }
    return definition;
  }

  /** Runs one request on a legacy (initialize-based) connection; `undefined` means no reply (the client cancelled it). */
  async execute(request: JsonRpcRequest, connection: Connection, caller: Caller = ANONYMOUS, carrier?: TraceCarrier): Promise<JsonRpcResponse | undefined> {
    const { id, method } = request;
    let definition: MethodDefinition;
    try {
      definition = this.#definition(method, "legacy", connection.protocolVersion);
    } catch (error) {
      return errorResponse(id, this.#asMcpError(method, error));
    }
    if (!connection.initialized && !definition.beforeInitialize) {
      return errorResponse(id, new McpError("invalid_request", `${method} before initialize: initialize the connection first`));
    }
    return this.#run(request, connection, caller, definition, (result) => result, carrier);
  }

  /**
   * Runs one 2026-07-28 request: reads its `_meta`, refuses versions this server does
   * not speak (-32022, listing the ones it does), and serves it on a connection of
   * its own derived from the transport's `parent` (see `Connection.stateless`).
   */
  async executeStateless(
    request: JsonRpcRequest,
    parent: Connection,
    caller: Caller = ANONYMOUS,
    carrier?: TraceCarrier,
  ): Promise<JsonRpcResponse | undefined> {
    const { id, method, params } = request;
    let connection: Connection;
    let definition: MethodDefinition;
    try {
      const meta = readRequestMeta(params);
      if (!isStatelessVersion(meta.protocolVersion)) throw unsupportedVersion(meta.protocolVersion);
      definition = this.#definition(method, "stateless", meta.protocolVersion);
      connection = Connection.stateless(parent, meta);
      if (definition.asksForInput) connection.inputRound = this.#inputRound(request, caller);
    } catch (error) {
      return errorResponse(id, this.#asMcpError(method, error));
    }
    const version = connection.protocolVersion;
    const finish = (result: MethodResult): MethodResult => ("resultType" in result ? result : this.#envelope.complete(method, result, version));
    return this.#run(request, connection, caller, definition, finish, carrier);
  }

  /** What a failure before the method ran becomes: its own error, or a logged internal one. */
  #asMcpError(method: string, error: unknown): McpError {
    if (error instanceof McpError) return error;
    this.options.logger.error(`${method} failed`, error);
    return new McpError("internal_error", "Internal error");
  }

  /** The round a request's asks collect in, with the answers it carries; a bad `requestState` or `inputResponses` is -32602. */
  #inputRound(request: JsonRpcRequest, caller: Caller): InputRound {
    const params = request.params ?? {};
    const { inputResponses, requestState } = params;
    if (inputResponses !== undefined && !isRecord(inputResponses)) throw new McpError("invalid_params", "Invalid params: inputResponses must be an object");
    const fromState =
      requestState === undefined
        ? {}
        : this.options.requestState.open(requestState, bindingOf(request.method, params, ownerKey(caller.principal, caller.tenant)));
    return new InputRound({ ...(inputResponses ?? {}), ...fromState });
  }

  /** Serves one request, in its trace when it has one, and tells the observers how it went. */
  async #run(
    request: JsonRpcRequest,
    connection: Connection,
    caller: Caller,
    definition: MethodDefinition,
    finish: (result: MethodResult) => MethodResult,
    carrier?: TraceCarrier,
  ): Promise<JsonRpcResponse | undefined> {
    const { observers, tracer } = this.options;
    // A tracer with no SDK registered gives no trace, so this stays the untraced path.
    const traced = tracer?.start(request, connection.protocolVersion, carrier);
    if (observers.length === 0 && traced === undefined) return this.#serve(request, connection, caller, definition, finish, { timedOut: false }, undefined);
    const started = performance.now();
    const report: RequestReport = { timedOut: false };
    // The closure is made only for a traced request: observers alone keep the direct call.
    const reply =
      traced === undefined
        ? await this.#serve(request, connection, caller, definition, finish, report, undefined)
        : await traced.within(() => this.#serve(request, connection, caller, definition, finish, report, traced));
    const record = requestRecord(request, connection.protocolVersion, caller, reply, report, performance.now() - started);
    traced?.end(record);
    for (const observer of observers) {
      try {
        observer.onRequest(record);
      } catch (error) {
        this.options.logger.error("a request observer failed", error);
      }
    }
    return reply;
  }

  async #serve(
    request: JsonRpcRequest,
    connection: Connection,
    caller: Caller,
    definition: MethodDefinition,
    finish: (result: MethodResult) => MethodResult,
    report: RequestReport,
    traced: RequestTrace | undefined,
  ): Promise<JsonRpcResponse | undefined> {
    const { id, method } = request;
    if (connection.inFlight.has(id)) return errorResponse(id, new McpError("invalid_request", `request id ${JSON.stringify(id)} is already in use`));
    const state = this.#state;
    const { tenant } = caller;
    if (tenant === undefined && state.tenantRequired) return errorResponse(id, TENANT_REQUIRED);
    let release: TenantRelease = NO_RELEASE;
    if (this.#limits.apply(caller)) {
      try {
        const entering = this.#limits.enter(caller);
        release = entering instanceof Promise ? await entering : entering;
        // A stream that waits for events for its whole life would hold its slots as long:
        // it is counted once admitted, then gives them back.
        if (definition.waitsForEvents === true) {
          release();
          release = NO_RELEASE;
        }
      } catch (error) {
        return errorResponse(id, this.#asMcpError(method, error));
      }
    }
    const controller = new LazyAbort();
    connection.inFlight.set(id, controller);
    let done = false;
    let abandoned = false;
    const context = new HandlerContext({
      connection,
      caller,
      requestId: id,
      abort: controller,
      progressToken: progressTokenOf(request),
      isDone: () => done,
      dependencies: this.options.dependencies,
    });
    const { middleware } = state;
    const call: MethodCall = {
      routes: state.routes,
      state,
      connection,
      params: request.params ?? {},
      caller,
      access: state.access,
      context,
      logger: this.options.logger,
      subscriptions: this.options.subscriptions,
      lists: state.lists,
      shutdown: this.options.shutdown,
      tasks: this.#tasks,
      dependencies: this.options.dependencies,
      // Traced: the handler runs in a span of its own, under the deadline like the handler itself.
      run: (policy, work) =>
        runWithDeadline(controller, policy.timeoutMs ?? this.options.defaultTimeoutMs, traced === undefined ? work : () => traced.handler(work)).catch(
          (error: unknown) => {
            if (error instanceof RequestTimedOut) report.timedOut = true;
            throw error;
          },
        ),
      middleware,
      report,
    };
    try {
      const round = connection.inputRound;
      // Zero cost when unused: without middleware this is the direct call it always was,
      // with no closure or call object made per request. The lists are wrapped whole
      // (they are filtered for the caller inside); an entry's method runs its middleware
      // itself, after its access check (afterAdmission).
      const work =
        middleware === undefined || !middleware.wrapsList(method) ? definition.handle(call) : middleware.list(method as McpMethod, call, definition.handle);
      if (!round) return successResponse(id, finish(await work));
      const outcome = await round.raceWith(work);
      if (outcome !== undefined) return successResponse(id, finish(outcome));
      // The handler is waiting for answers the client has not given: ask for them.
      // Its run is abandoned; whatever it does from here on reaches no one.
      work.catch(() => undefined);
      abandoned = true;
      round.abandon();
      const state = this.options.requestState.seal(bindingOf(method, call.params, ownerKey(caller.principal, caller.tenant)), round.consumed);
      return successResponse(id, this.#envelope.inputRequired(round.inputRequests, state, connection.protocolVersion));
    } catch (error) {
      if (error instanceof RequestCancelled) return undefined;
      if (error instanceof McpError) return errorResponse(id, connection.stateless ? statelessError(error) : error);
      this.options.logger.error(`${method} failed`, error);
      return errorResponse(id, new McpError("internal_error", "Internal error"));
    } finally {
      done = true;
      release();
      connection.inFlight.delete(id);
      // ctx.signal tells an abandoned run to stop; a finished one is left alone.
      if (abandoned) controller.abort(new RequestCancelled("the request went back to the client for input"));
    }
  }
}

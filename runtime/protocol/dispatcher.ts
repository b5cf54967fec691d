/**
 * Routes one parsed message from a peer to its method handler and sends the reply.
 * Transport-neutral: stdio and HTTP both feed it `ParsedMessage`s and a `Connection`.
 */
import type { ServerLogger } from "../observability/logger.js";
import type { RouteTable } from "../routing/types.js";
import { serverCapabilities, type ServerCapabilities } from "./capabilities.js";
import type { Connection } from "./connection.js";
import { RequestCancelled, runWithDeadline } from "./deadline.js";
import { McpError } from "./errors.js";
import { errorResponse, successResponse, type JsonRpcNotification, type JsonRpcRequest, type JsonRpcResponse, type ParsedMessage } from "./jsonrpc.js";
import type { MethodCall, MethodDefinition } from "./method.js";
import type { ResourceSubscriptions } from "./subscriptions.js";
import { completionMethods } from "./methods/completion.js";
import { lifecycleMethods } from "./methods/lifecycle.js";
import { promptMethods } from "./methods/prompts.js";
import { resourceMethods } from "./methods/resources.js";
import { toolMethods } from "./methods/tools.js";
import { createRequestContext } from "./request-context.js";

export interface DispatcherOptions {
  /** Handler timeout for routes whose policy sets none. */
  readonly defaultTimeoutMs: number;
  readonly logger: ServerLogger;
  readonly subscriptions: ResourceSubscriptions;
}

const METHODS: ReadonlyMap<string, MethodDefinition> = new Map(
  Object.entries({ ...lifecycleMethods, ...toolMethods, ...resourceMethods, ...promptMethods, ...completionMethods }),
);

function progressTokenOf(request: JsonRpcRequest): string | number | undefined {
  const meta = request.params?._meta;
  const token = typeof meta === "object" && meta !== null ? (meta as Record<string, unknown>).progressToken : undefined;
  return typeof token === "string" || typeof token === "number" ? token : undefined;
}

export class Dispatcher {
  readonly #capabilities = new Map<string, ServerCapabilities>();

  constructor(
    readonly routes: RouteTable,
    readonly options: DispatcherOptions,
  ) {}

  /** Handles one message; resolves once its reply (if any) has been handed to the connection. */
  async receive(parsed: ParsedMessage, connection: Connection): Promise<void> {
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
        const reply = await this.execute(parsed.message, connection);
        if (reply) connection.send(reply, parsed.message.id);
      }
    }
  }

  #notify(message: JsonRpcNotification, connection: Connection): void {
    if (message.method !== "notifications/cancelled") return; // others (initialized, roots/list_changed) need no action yet
    const { requestId, reason } = message.params ?? {};
    if (typeof requestId !== "string" && typeof requestId !== "number") return;
    connection.inFlight.get(requestId)?.abort(new RequestCancelled(typeof reason === "string" ? reason : undefined));
  }

  #capabilitiesFor(version: string): ServerCapabilities {
    let capabilities = this.#capabilities.get(version);
    if (!capabilities) this.#capabilities.set(version, (capabilities = serverCapabilities(this.routes, version)));
    return capabilities;
  }

  /** Runs one request; `undefined` means no reply (the client cancelled it). */
  async execute(request: JsonRpcRequest, connection: Connection): Promise<JsonRpcResponse | undefined> {
    const { id, method } = request;
    const definition = METHODS.get(method);
    if (!definition) return errorResponse(id, new McpError("method_not_found", `Method not found: ${method}`));
    if (!connection.initialized && !definition.beforeInitialize) {
      return errorResponse(id, new McpError("invalid_request", `${method} before initialize: initialize the connection first`));
    }
    if (definition.capability && !(definition.capability in this.#capabilitiesFor(connection.protocolVersion))) {
      return errorResponse(id, new McpError("method_not_found", `Method not found: ${method} (the server has no ${definition.capability})`));
    }
    if (connection.inFlight.has(id)) return errorResponse(id, new McpError("invalid_request", `request id ${JSON.stringify(id)} is already in use`));
    const controller = new AbortController();
    connection.inFlight.set(id, controller);
    let done = false;
    const context = createRequestContext({ connection, requestId: id, signal: controller.signal, progressToken: progressTokenOf(request), isDone: () => done });
    const call: MethodCall = {
      routes: this.routes,
      connection,
      params: request.params ?? {},
      context,
      logger: this.options.logger,
      subscriptions: this.options.subscriptions,
      run: (policy, work) => runWithDeadline(controller, policy.timeoutMs ?? this.options.defaultTimeoutMs, work),
    };
    try {
      return successResponse(id, await definition.handle(call));
    } catch (error) {
      if (error instanceof RequestCancelled) return undefined;
      if (error instanceof McpError) return errorResponse(id, error);
      this.options.logger.error(`${method} failed`, error);
      return errorResponse(id, new McpError("internal_error", "Internal error"));
    } finally {
      done = true;
      connection.inFlight.delete(id);
    }
  }
}

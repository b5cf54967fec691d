/**
 * An in-process client for dispatcher tests: feeds messages to a server through a
 * peer and collects everything the server sends back.
 */
import {
  createServer,
  parseMessage,
  type Caller,
  type JsonRpcMessage,
  type RouteTable,
  type ServerLogger,
  type ServerOptions,
} from "../../../packages/runtime/src/index.js";

export interface LoggedError {
  readonly message: string;
  readonly error: unknown;
}

export interface StatelessMeta {
  readonly version?: string;
  readonly capabilities?: Record<string, unknown>;
  readonly logLevel?: string;
  /** More `_meta` keys, e.g. a progress token. */
  readonly extra?: Record<string, unknown>;
}

export function memoryClient(routes: RouteTable, options: Omit<ServerOptions, "logger"> & { readonly caller?: Caller } = {}) {
  const sent: JsonRpcMessage[] = [];
  const errors: LoggedError[] = [];
  const logger: ServerLogger = { error: (message, error) => errors.push({ message, error }), warn: () => {} };
  const { caller, ...serverOptions } = options;
  const server = createServer(routes, { ...serverOptions, logger });
  let onSend: ((message: JsonRpcMessage) => void) | undefined;
  const peer = {
    send(message: JsonRpcMessage) {
      sent.push(message);
      onSend?.(message);
    },
  };
  let nextId = 1;
  const raw = (line: string): Promise<void> => server.handle(parseMessage(line), peer, caller);
  const send = (message: object): Promise<void> => raw(JSON.stringify(message));
  /** Sends a request and returns the reply to it. */
  const request = async (method: string, params?: object, id: string | number = nextId++) => {
    await send(params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params });
    const reply = sent.find((message) => "id" in message && message.id === id && !("method" in message));
    if (!reply) throw new Error(`no reply to ${method} (${String(id)})`);
    return reply as { id: string | number; result?: Record<string, unknown>; error?: { code: number; message: string; data?: unknown } };
  };
  const initialize = (protocolVersion = "2025-11-25", capabilities: object = {}) =>
    request("initialize", { protocolVersion, capabilities, clientInfo: { name: "test", version: "0" } });
  /** A 2026-07-28 request: version and capabilities in `_meta`, no initialize needed. */
  const stateless = (method: string, params: Record<string, unknown> = {}, meta: StatelessMeta = {}, id?: string | number) => {
    const { version = "2026-07-28", capabilities = {}, logLevel, extra = {} } = meta;
    const _meta: Record<string, unknown> = {
      "io.modelcontextprotocol/protocolVersion": version,
      "io.modelcontextprotocol/clientCapabilities": capabilities,
      "io.modelcontextprotocol/clientInfo": { name: "test", version: "0" },
      ...extra,
    };
    if (logLevel !== undefined) _meta["io.modelcontextprotocol/logLevel"] = logLevel;
    return request(method, { ...params, _meta }, id);
  };
  return {
    sent,
    errors,
    server,
    peer,
    raw,
    send,
    request,
    initialize,
    stateless,
    notifications: (method: string) => sent.filter((message) => "method" in message && message.method === method && !("id" in message)),
    set onSend(listener: ((message: JsonRpcMessage) => void) | undefined) {
      onSend = listener;
    },
  };
}

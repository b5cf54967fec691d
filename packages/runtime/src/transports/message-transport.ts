/**
 * Serves one client over a transport that carries JSON-RPC messages as objects
 * rather than bytes: the shape of the MCP SDK's `Transport` (its
 * `InMemoryTransport`, for instance), declared here structurally so the runtime
 * imports no SDK. Its use is a server in the same process as its client with no
 * network, as unit tests want it (the generated client's `connectInProcess`).
 */
import { LOCAL, type Caller } from "../protocol/caller.js";
import type { Peer } from "../protocol/connection.js";
import type { McpServer } from "../protocol/create-server.js";
import { classifyMessage, type JsonRpcMessage } from "../protocol/jsonrpc.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";

/** The server's end of a message transport: what `serveMessageTransport` needs of an SDK `Transport`. */
export interface MessageTransport {
  start(): Promise<void>;
  // `object`: the SDK types messages with its own (zod-inferred) types, which ours must not have to match.
  send(message: object): Promise<void>;
  close(): Promise<void>;
  // `never`: the SDK types its handler with its own message type; the server reads any value and classifies it.
  onmessage?: ((message: never) => void) | undefined;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
}

export interface MessageTransportOptions {
  /** Who is at the other end; default: the local user, as on stdio (the client lives in this process). */
  readonly caller?: Caller;
  readonly logger?: ServerLogger;
}

/**
 * Starts serving `transport`; resolves once it has started. Closing either end
 * disconnects the client (its pending server→client requests reject).
 *
 * @example
 * ```ts
 * import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
 * import { Client } from "@modelcontextprotocol/sdk/client/index.js";
 * import { createServer, serveMessageTransport } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
 * await serveMessageTransport(createServer(routes), serverEnd);
 * await new Client({ name: "test", version: "1.0.0" }).connect(clientEnd);
 * ```
 */
export async function serveMessageTransport(server: McpServer, transport: MessageTransport, options: MessageTransportOptions = {}): Promise<void> {
  const logger = options.logger ?? stderrLogger;
  const caller = options.caller ?? LOCAL;
  const send = (message: JsonRpcMessage): void => {
    transport.send(message).catch((error: unknown) => logger.error("message transport send failed", error));
  };
  const peer: Peer = {
    // A batch reply (2025-03-26 only) goes out one reply at a time: such transports carry single messages.
    send: (message) => (Array.isArray(message) ? message.forEach(send) : send(message as JsonRpcMessage)),
  };
  transport.onmessage = (message) => {
    server.handle(classifyMessage(message), peer, caller).catch((error: unknown) => logger.error("message handling failed", error));
  };
  transport.onclose = () => server.disconnect(peer);
  transport.onerror = (error) => logger.error("message transport error", error);
  await transport.start();
}

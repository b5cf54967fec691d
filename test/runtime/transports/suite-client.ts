/** What the shared transport suite needs from each transport, and the client side it drives. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { ClientCapabilities, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { RawChannel } from "../../helpers/raw-channel.js";

/** A server started on one transport. */
export interface ServedEndpoint {
  /** A new, unstarted SDK client transport to it (stdio: to a new server process of its own). */
  clientTransport(): Transport;
  /** A raw connection, not yet initialized, for bytes no SDK client would send. */
  raw(): Promise<RawChannel>;
  /** Everything the server process(es) wrote on stderr. */
  stderr(): string;
  /** Ends the server as an operator does (SIGTERM; stdio: stdin EOF); resolves with its exit code. */
  stop(): Promise<number | null>;
}

export interface TransportTarget {
  readonly name: string;
  /** Serves the entry script (a `server.gen.ts`) over this transport. */
  start(entry: string): Promise<ServedEndpoint>;
}

/** What went over the wire, in order, as the client's transport saw it. */
export interface Wire {
  readonly sent: JSONRPCMessage[];
  readonly received: JSONRPCMessage[];
}

export interface Connected {
  readonly client: Client;
  readonly wire: Wire;
}

/** Connects an SDK client and records its traffic below the SDK, where nothing is dropped or reordered. */
export async function connectClient(endpoint: ServedEndpoint, capabilities: ClientCapabilities = {}, setup?: (client: Client) => void): Promise<Connected> {
  const transport = endpoint.clientTransport();
  const wire: Wire = { sent: [], received: [] };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    wire.sent.push(message);
    return send(message, options);
  };
  const client = new Client({ name: "transport-suite", version: "1.0.0" }, { capabilities });
  setup?.(client);
  await client.connect(transport);
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    wire.received.push(message);
    deliver?.(message, extra);
  };
  return { client, wire };
}

/** The id the client gave its `tools/call` of `tool`, once that request is on the wire. */
export function sentCallId(wire: Wire, tool: string): string | number | undefined {
  for (const message of wire.sent) {
    if ("method" in message && message.method === "tools/call" && "id" in message && message.params?.name === tool) return message.id;
  }
  return undefined;
}

export function isReplyTo(message: JSONRPCMessage, id: string | number | undefined): boolean {
  return "id" in message && message.id === id && !("method" in message);
}

export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
} as const;

export const INITIALIZED = { jsonrpc: "2.0", method: "notifications/initialized" } as const;

/**
 * The progress values the server sent for the client's call of `tool`, before its
 * result. Read from the wire because the SDK drops progress that it reads in the
 * same chunk as the result (its notification handlers run a microtask later), which
 * a loaded machine makes likely.
 */
export function progressBeforeReply(wire: Wire, tool: string): number[] {
  const id = sentCallId(wire, tool);
  const reply = wire.received.findIndex((message) => isReplyTo(message, id));
  if (reply === -1) throw new Error(`no reply to the ${tool} call on the wire`);
  return wire.received
    .slice(0, reply)
    .flatMap((message) => ("method" in message && message.method === "notifications/progress" ? [Number(message.params?.progress)] : []));
}

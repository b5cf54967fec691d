/**
 * The official SDK clients through the balancer, behind one small interface so the
 * same feature checks run on each: v1 (`@modelcontextprotocol/sdk`) on a 2025-11-25
 * session, and v2 (`@modelcontextprotocol/client`) on a session (its legacy mode) or
 * stateless on 2026-07-28. Each records what the server sent it and, through
 * traffic.ts, every request it made and the instance that answered it.
 */
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as TransportV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { Client as ClientV2, LOG_LEVEL_META_KEY, StreamableHTTPClientTransport as TransportV2 } from "@modelcontextprotocol/client";
import { LEGACY, PINNED_MODERN, type Profile } from "../../helpers/sdk-v2.js";
import { recordTraffic, type Traffic } from "./traffic.js";

export type Level = "debug" | "info" | "warning" | "error";

export interface ToolReply {
  readonly content: readonly { readonly type: string; readonly text?: string }[];
  readonly isError?: boolean | undefined;
}

export interface CallOptions {
  readonly onprogress?: (progress: { progress: number; total?: number | undefined }) => void;
  readonly signal?: AbortSignal;
  /** 2026-07-28: the log level this one request asks for (in `_meta`). */
  readonly logLevel?: Level;
}

export interface Form {
  readonly message: string;
}

export interface SdkPeer {
  readonly name: string;
  /** `session`: 2025-11-25 with `Mcp-Session-Id`; `stateless`: 2026-07-28. */
  readonly era: "session" | "stateless";
  readonly traffic: Traffic;
  readonly logs: { level: string; data: unknown }[];
  /** URIs of `notifications/resources/updated`, in arrival order. */
  readonly updates: string[];
  readonly elicitations: Form[];
  readonly samplings: unknown[];
  rootsAsked: number;
  /** Errors the client reported (`onerror`), e.g. a dropped stream. */
  readonly errors: Error[];
  sessionId(): string | undefined;
  version(): string | undefined;
  listTools(): Promise<string[]>;
  call(name: string, args?: Record<string, unknown>, options?: CallOptions): Promise<ToolReply>;
  /** A session's `logging/setLevel`. */
  setLogLevel(level: Level): Promise<void>;
  /** `resources/subscribe` on a session, a `subscriptions/listen` stream on 2026-07-28; resolves with the function that stops it. */
  watch(uri: string): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const ROOTS = [{ uri: "file:///cluster/work", name: "work" }];
const SAMPLED = { role: "assistant" as const, content: { type: "text" as const, text: "from the client's model" }, model: "test-model", stopReason: "endTurn" };
/** The values the user "types" into a form, by field name; a boolean field is ticked. */
const TYPED: Readonly<Record<string, string>> = { username: "ada", email: "ada@example.com", name: "Ada" };

/** Accepts a form with every field of its schema filled in. */
function fillForm(params: unknown): { action: "accept"; content: Record<string, string | boolean> } {
  const properties = (params as { requestedSchema?: { properties?: Record<string, { type?: string }> } }).requestedSchema?.properties ?? {};
  const content = Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, schema.type === "boolean" ? true : (TYPED[key] ?? "x")]));
  return { action: "accept", content };
}
/** Quick retries: a cut stream is resumed at once rather than after the default second. */
const RECONNECT = { initialReconnectionDelay: 50, maxReconnectionDelay: 500, reconnectionDelayGrowFactor: 2, maxRetries: 3 };

interface Recorders {
  readonly logs: SdkPeer["logs"];
  readonly updates: string[];
  readonly elicitations: Form[];
  readonly samplings: unknown[];
  readonly errors: Error[];
}

function recorders(): Recorders {
  return { logs: [], updates: [], elicitations: [], samplings: [], errors: [] };
}

/** The v1 client on a 2025-11-25 session, declaring elicitation, sampling and roots. */
export async function connectV1(url: string): Promise<SdkPeer> {
  const traffic = recordTraffic();
  const seen = recorders();
  const client = new ClientV1({ name: "cluster-sdk-v1", version: "1.0.0" }, { capabilities: { elicitation: {}, sampling: {}, roots: {} } });
  const transport = new TransportV1(new URL(url), { fetch: traffic.fetch, reconnectionOptions: RECONNECT });
  const peer: SdkPeer = {
    name: "SDK v1, 2025-11-25 session",
    era: "session",
    traffic,
    ...seen,
    rootsAsked: 0,
    sessionId: () => transport.sessionId,
    version: () => transport.protocolVersion,
    listTools: async () => (await client.listTools()).tools.map((tool) => tool.name),
    async call(name, args = {}, options = {}) {
      const result = await client.callTool({ name, arguments: args }, CallToolResultSchema, {
        ...(options.onprogress !== undefined && { onprogress: options.onprogress }),
        ...(options.signal !== undefined && { signal: options.signal }),
      });
      return result as ToolReply;
    },
    setLogLevel: async (level) => void (await client.setLoggingLevel(level)),
    async watch(uri) {
      await client.subscribeResource({ uri });
      return async () => void (await client.unsubscribeResource({ uri }));
    },
    close: () => client.close(),
  };
  client.onerror = (error) => seen.errors.push(error);
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void seen.logs.push(notification.params));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => void seen.updates.push(notification.params.uri));
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    seen.elicitations.push({ message: request.params.message });
    return fillForm(request.params);
  });
  client.setRequestHandler(CreateMessageRequestSchema, (request) => {
    seen.samplings.push(request.params);
    return SAMPLED;
  });
  client.setRequestHandler(ListRootsRequestSchema, () => {
    peer.rootsAsked++;
    return { roots: ROOTS };
  });
  await client.connect(transport);
  return peer;
}

/** The v2 client: `LEGACY` (initialize, a session) or `PINNED_MODERN` (2026-07-28, stateless). */
export async function connectV2(url: string, profile: Profile): Promise<SdkPeer> {
  const traffic = recordTraffic();
  const seen = recorders();
  const client = new ClientV2({ name: "cluster-sdk-v2", version: "1.0.0" }, { capabilities: { elicitation: {}, sampling: {}, roots: {} }, ...profile.options });
  const transport = new TransportV2(new URL(url), { fetch: traffic.fetch, reconnectionOptions: RECONNECT });
  const modern = profile === PINNED_MODERN;
  const peer: SdkPeer = {
    name: `SDK v2, ${profile.name}`,
    era: modern ? "stateless" : "session",
    traffic,
    ...seen,
    rootsAsked: 0,
    sessionId: () => transport.sessionId,
    version: () => client.getNegotiatedProtocolVersion(),
    listTools: async () => (await client.listTools()).tools.map((tool) => tool.name),
    async call(name, args = {}, options = {}) {
      const meta = options.logLevel === undefined ? {} : { _meta: { [LOG_LEVEL_META_KEY]: options.logLevel } };
      const result = await client.callTool(
        { name, arguments: args, ...meta },
        {
          ...(options.onprogress !== undefined && { onprogress: options.onprogress }),
          ...(options.signal !== undefined && { signal: options.signal }),
        },
      );
      return result;
    },
    setLogLevel: async (level) => void (await client.setLoggingLevel(level)),
    async watch(uri) {
      if (modern) {
        const subscription = await client.listen({ resourceSubscriptions: [uri] });
        return () => subscription.close();
      }
      await client.subscribeResource({ uri });
      return async () => void (await client.unsubscribeResource({ uri }));
    },
    close: () => client.close(),
  };
  client.onerror = (error) => seen.errors.push(error);
  client.setNotificationHandler("notifications/message", (notification) => void seen.logs.push(notification.params));
  client.setNotificationHandler("notifications/resources/updated", (notification) => void seen.updates.push(notification.params.uri));
  client.setRequestHandler("elicitation/create", (request) => {
    seen.elicitations.push({ message: request.params.message });
    return fillForm(request.params);
  });
  client.setRequestHandler("sampling/createMessage", (request) => {
    seen.samplings.push(request.params);
    return SAMPLED;
  });
  client.setRequestHandler("roots/list", () => {
    peer.rootsAsked++;
    return { roots: ROOTS };
  });
  await client.connect(transport);
  return peer;
}

export { LEGACY, PINNED_MODERN };

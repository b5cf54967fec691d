/**
 * Instances for the legacy SSE cluster suite: legacy HTTP+SSE handlers on loopback,
 * each with its own server and bus as separate processes would have, one shared
 * store; a `fetch` that plays a round-robin balancer for the official SDK v1
 * `SSEClientTransport`; and raw streams opened on one instance with POSTs sent to
 * others. The caller of each request comes from test headers, as a security layer in
 * front of the handler would set it.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import {
  createLegacySseHandler,
  createMcpEndpoint,
  setRequestCaller,
  type ClusterBus,
  type LegacySseHandler,
  type LegacySseOptions,
  type McpEndpoint,
} from "../../../packages/runtime/src/entries/http.js";
import { createServer, defineRoutes, toolRoute, type Caller, type McpServer, type RequestRecord } from "../../../packages/runtime/src/index.js";
import { routes as fixtureRoutes } from "../../fixtures/runtime/routes.js";
import { compile } from "../../fixtures/runtime/validators.js";
import { openRaw, type RawStream } from "../http/legacy-sse-harness.js";
import type { ClusterFixture } from "./shared-sessions-suite.js";

export const quiet = { error: () => {}, warn: () => {} };
const noInput = { type: "object", properties: {}, additionalProperties: false } as const;

/** The fixture's routes plus `whoami`: who the server took the caller for, in which session. */
const routes = defineRoutes({
  server: fixtureRoutes.server,
  tools: [
    ...fixtureRoutes.tools.values(),
    toolRoute<object, string>({
      definition: { name: "whoami", inputSchema: noInput },
      validateInput: compile(noInput),
      handler: async (_input, ctx) =>
        JSON.stringify({ subject: ctx.principal?.subject, scopes: ctx.principal?.scopes, tenant: ctx.tenant?.id, session: ctx.session?.id }),
      policy: { scopes: [] },
    }),
  ],
  resources: [...fixtureRoutes.resources.values()],
  resourceTemplates: fixtureRoutes.resourceTemplates,
  prompts: [...fixtureRoutes.prompts.values()],
});

export interface Instance {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly server: McpServer;
  readonly legacy: LegacySseHandler;
  /** Set when the instance is the secured endpoint (`createMcpEndpoint`). */
  readonly endpoint: McpEndpoint | undefined;
  /** Every request this instance's server served. */
  readonly records: RequestRecord[];
  readonly http: Server;
  readonly bus: ClusterBus;
}

/**
 * `x-test-user` names the principal, `x-test-scopes` its scopes, `x-test-tenant` its
 * tenant, whose policy denies the tool `add`.
 */
function callerOf(req: IncomingMessage): Caller | undefined {
  const user = req.headers["x-test-user"];
  const scopes = req.headers["x-test-scopes"];
  const tenant = req.headers["x-test-tenant"];
  if (typeof user !== "string") return undefined;
  return {
    principal: { subject: user, scopes: typeof scopes === "string" ? scopes.split(" ") : [], scheme: "test", claims: { via: "header" } },
    ...(typeof tenant === "string" ? { tenant: { id: tenant, policy: { deniedTools: ["add"] } } } : {}),
  };
}

/** The instances of one test and how to stop them. */
export class Cluster {
  readonly instances: Instance[] = [];
  readonly #clients: Client[] = [];

  constructor(private readonly fixture: ClusterFixture) {}

  /** `count` instances on one store; `secured` builds each as `createMcpEndpoint` does (the pass-through). */
  async start(count: number, options: LegacySseOptions = {}, secured = false): Promise<Instance[]> {
    const store = await this.fixture.store();
    for (let index = 0; index < count; index++) {
      const records: RequestRecord[] = [];
      const { bus } = await this.fixture.instance();
      const server = createServer(routes, { logger: quiet, observers: [{ onRequest: (record) => records.push(record) }] });
      const endpoint = secured ? createMcpEndpoint(server, { logger: quiet, sessionStore: store, cluster: bus }) : undefined;
      // A timeout longer than the test's: every 404 must be an instance's answer, unless a test shortens it.
      const legacy =
        endpoint?.legacy ?? createLegacySseHandler(server, { logger: quiet, sessionStore: store, cluster: bus, clusterTimeoutMs: 60_000, ...options });
      const http = createHttpServer((req, res) => {
        const caller = callerOf(req);
        if (caller !== undefined) setRequestCaller(req, caller);
        (endpoint ?? legacy)(req, res);
      });
      await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
      const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      this.instances.push({ origin, server, legacy, endpoint, records, http, bus });
    }
    return this.instances;
  }

  /**
   * The official SDK client with its stream on instance `streamAt` and each POST sent
   * to the next of the other instances, as a round-robin balancer would send them;
   * `landed` lists where each POST went.
   */
  async connect(streamAt: number, capabilities = {}): Promise<{ client: Client; landed: number[] }> {
    const others = this.instances.map((_, index) => index).filter((index) => index !== streamAt);
    const landed: number[] = [];
    let next = 0;
    const balance: typeof fetch = (input, init) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      const index = init?.method === "POST" ? others[next++ % others.length]! : streamAt;
      if (init?.method === "POST") landed.push(index);
      return fetch(`${this.instances[index]!.origin}${url.pathname}${url.search}`, init);
    };
    const client = new Client({ name: "legacy-round-robin", version: "1.0.0" }, { capabilities });
    await client.connect(new SSEClientTransport(new URL(`${this.instances[streamAt]!.origin}/sse`), { fetch: balance }));
    this.#clients.push(client);
    return { client, landed };
  }

  async stop(): Promise<void> {
    // Clients first: an SSE client whose stream the server ends would try to reconnect.
    for (const client of this.#clients.splice(0)) await client.close().catch(() => {});
    for (const { http, legacy, endpoint, bus } of this.instances.splice(0)) {
      if (endpoint === undefined) legacy.close();
      else endpoint.close();
      await bus.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
    await this.fixture.cleanup();
  }
}

/** A raw stream opened on `instance`, and POSTs to its session through any instance. */
export interface HeldStream extends RawStream {
  readonly sessionId: string;
  /** POSTs `body` to the session's endpoint on `instance`, as `headers` say who is calling. */
  postTo(instance: Instance, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function openStream(instance: Instance, headers: Record<string, string> = {}): Promise<HeldStream> {
  const stream = await openRaw(`${instance.origin}/sse`, headers);
  const { pathname, search, searchParams } = new URL(stream.endpoint);
  return {
    ...stream,
    sessionId: searchParams.get("sessionId") ?? "",
    postTo: async (target, body, extra = {}) => {
      const response = await fetch(`${target.origin}${pathname}${search}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers, ...extra },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      await response.arrayBuffer();
      return response;
    },
  };
}

export const initialize = (id: number | string = 0) => ({
  jsonrpc: "2.0",
  id,
  method: "initialize",
  params: { protocolVersion: "2024-11-05", capabilities: { elicitation: {} }, clientInfo: { name: "raw", version: "0" } },
});

/** Initializes the stream's session through `through`, and reads the reply off the stream. */
export async function initializeThrough(stream: HeldStream, through: Instance): Promise<void> {
  const accepted = await stream.postTo(through, initialize());
  if (accepted.status !== 202) throw new Error(`initialize POST: ${accepted.status}`);
  await stream.nextMessage();
  await stream.postTo(through, { jsonrpc: "2.0", method: "notifications/initialized" });
}

/** A pause long enough for a bus message to arrive where it would, for asserting that nothing did. */
export const settle = (): Promise<void> => sleep(100);

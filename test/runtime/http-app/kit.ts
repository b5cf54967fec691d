/**
 * Starts `createMcpApp` apps on 127.0.0.1:0 with a small routing table (a tool that
 * reports who called it) and closes them after each test.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { createMcpApp, type McpApp, type McpAppOptions } from "../../../packages/runtime/src/entries/express.js";
import { defineRoutes, toolRoute, type ServerLogger } from "../../../packages/runtime/src/index.js";
import { compile } from "../../fixtures/runtime/validators.js";
import { rawRequest, type RawRequest, type RawResponse } from "../../helpers/raw-http.js";

const noInput = { type: "object", properties: {}, additionalProperties: false } as const;
const addInput = { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"], additionalProperties: false } as const;

export const routes = defineRoutes({
  server: { name: "http-app-fixture", version: "1.0.0" },
  tools: [
    toolRoute<object, string>({
      definition: { name: "whoami", description: "Who the server thinks called", inputSchema: noInput },
      validateInput: compile(noInput),
      handler: (_input, ctx) => `${ctx.principal?.subject ?? "anonymous"} session=${ctx.session?.id ?? "none"}`,
      policy: { scopes: [] },
    }),
    toolRoute<{ a: number; b: number }, string>({
      definition: { name: "add", inputSchema: addInput },
      validateInput: compile(addInput),
      handler: ({ a, b }) => String(a + b),
      policy: { scopes: [] },
    }),
  ],
});

export interface Running {
  readonly app: McpApp;
  readonly port: number;
  readonly url: string;
  readonly errors: string[];
  readonly request: (request: RawRequest) => Promise<RawResponse>;
}

const open = new Set<{ http: Server; app: McpApp }>();

afterEach(async () => {
  await Promise.all(
    [...open].map(
      ({ http, app }) =>
        new Promise<void>((resolve) => {
          app.mcp.close();
          http.close(() => resolve());
          http.closeAllConnections();
        }),
    ),
  );
  open.clear();
});

/** Listens on a free loopback port; `prepare` adds routes before the app starts. */
export async function startApp(options: McpAppOptions = {}, prepare?: (app: McpApp) => void): Promise<Running> {
  const errors: string[] = [];
  const logger: ServerLogger = { error: (message) => errors.push(message), warn: () => {} };
  const app = createMcpApp(routes, { logger, ...options });
  prepare?.(app);
  const http = await new Promise<Server>((resolve, reject) => {
    const server = app.listen(0, "127.0.0.1", (error?: Error) => (error ? reject(error) : resolve(server)));
  });
  open.add({ http, app });
  const { port } = http.address() as AddressInfo;
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}/mcp`,
    errors,
    request: async (request) => {
      const response = await rawRequest(port, request);
      if (response === undefined) throw new Error("no response");
      return response;
    },
  };
}

export const STATELESS_META = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} } as const;

/** A 2026-07-28 `tools/call` and the headers a conforming client sends with it. */
export function statelessCall(name: string, args: object = {}, id = 1): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": "tools/call",
      "mcp-name": name,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args, _meta: STATELESS_META } }),
  };
}

export function json(response: RawResponse): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}

/** The text of a tool result's first content block. */
export function toolText(response: RawResponse): string {
  const result = json(response).result as { content: { text: string }[] };
  return result.content[0]!.text;
}

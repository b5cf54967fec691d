/** What the OAuth tests share: a server with an `oauth2` scheme on loopback, whose URL is its resource. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { McpApp } from "../../../packages/runtime/src/entries/express.js";
import { defineRoutes, toolRoute, type OAuth2Scheme, type RouteTable } from "../../../packages/runtime/src/index.js";
import { compile } from "../../fixtures/runtime/validators.js";

const noInput = { type: "object", properties: {}, additionalProperties: false } as const;

export const quiet = { error: () => undefined, warn: () => undefined };

/** `whoami` (scope mcp:read) answers `<scheme>:<subject>`; `write` needs mcp:write. */
export function oauth2Routes(resource: string, authorizationServer: string, extra: Partial<OAuth2Scheme> = {}): RouteTable {
  return defineRoutes({
    server: { name: "oauth2-fixture", version: "1.0.0" },
    auth: {
      schemes: [{ type: "oauth2", resource, authorizationServers: [authorizationServer], scopesSupported: ["mcp:read", "mcp:write"], ...extra }],
      required: true,
      hideUnauthorized: false,
    },
    tools: [
      toolRoute<object, string>({
        definition: { name: "whoami", inputSchema: noInput },
        validateInput: compile(noInput),
        handler: (_input, ctx) => `${ctx.principal?.scheme ?? "?"}:${ctx.principal?.subject ?? "anonymous"}`,
        policy: { scopes: ["mcp:read"] },
      }),
      toolRoute<object, string>({
        definition: { name: "write", inputSchema: noInput },
        validateInput: compile(noInput),
        handler: () => "written",
        policy: { scopes: ["mcp:write"] },
      }),
    ],
  });
}

/** An HTTP server on loopback whose app is attached once its URL (the resource) is known. */
export async function listening(): Promise<{ http: Server; base: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { http: server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function closeApp(server: Server, app: McpApp): Promise<void> {
  app.mcp.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

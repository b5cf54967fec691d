/**
 * The official MCP SDK v1 client over Streamable HTTP: what only HTTP sessions have.
 * Everything the client does on every transport (tools, progress, logs, sampling,
 * elicitation, resources, prompts, cancellation) is in the shared transport suite,
 * test/runtime/transports/.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { POST_HEADERS, startFixture } from "./harness.js";

const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  clients.length = 0;
});

async function connect(): Promise<{ client: Client; transport: StreamableHTTPClientTransport; url: string }> {
  const { url } = await startFixture();
  const client = new Client({ name: "http-interop", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  clients.push(client);
  return { client, transport, url };
}

describe("official SDK client over Streamable HTTP", () => {
  it("initializes a session with a visible-ASCII id of at least 32 characters", async () => {
    const { client, transport } = await connect();
    expect(transport.sessionId).toMatch(/^[\x21-\x7e]{32,}$/);
    expect(client.getServerVersion()).toMatchObject({ name: "fixture-server", version: "1.2.3" });
  });

  it("terminates the session with DELETE; the old id then gets 404", async () => {
    const { transport, url } = await connect();
    const id = transport.sessionId;
    expect(id).toBeDefined();
    await transport.terminateSession();
    expect(transport.sessionId).toBeUndefined();
    const response = await fetch(url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": String(id) },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: -32006 } });
  });
});

/**
 * The middleware scenarios (scenarios.ts) over stdio and Streamable HTTP with the SDK
 * v1 client; the other transports run them in transports.test.ts, the 2026-07-28
 * era in modern.test.ts.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { startEntry } from "../production/kit.js";
import { REPO_ROOT, entryArgs } from "../transports/served.js";
import { fromV1, statusRecorder } from "./clients.js";
import { MIDDLEWARE_ENTRY, middlewareScenarios } from "./scenarios.js";

middlewareScenarios({
  name: "stdio",
  errorStatuses: {},
  async start() {
    let stderr = "";
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: entryArgs(MIDDLEWARE_ENTRY, "--transport", "stdio"),
      cwd: REPO_ROOT,
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: "middleware-test", version: "1" });
    await client.connect(transport);
    return { client: fromV1(client), protocolVersion: LATEST_PROTOCOL_VERSION, stderr: () => stderr, stop: () => client.close() };
  },
});

middlewareScenarios({
  name: "Streamable HTTP",
  // A session-era reply is an HTTP 200 whatever it holds, but a refusal's status is its own (refusal-reply.ts).
  errorStatuses: { [-32003]: 403 },
  async start() {
    const server = await startEntry(MIDDLEWARE_ENTRY, ["--transport", "http", "--port", "0"]);
    const client = new Client({ name: "middleware-test", version: "1" });
    const statuses = statusRecorder();
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { fetch: statuses.fetch }));
    return {
      client: fromV1(client),
      lastHttpStatus: statuses.last,
      protocolVersion: LATEST_PROTOCOL_VERSION,
      stderr: () => server.stderr(),
      async stop() {
        await client.close();
        await server.stop();
      },
    };
  },
});

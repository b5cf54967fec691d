/**
 * The middleware scenarios (scenarios.ts) over stdio and Streamable HTTP; the other
 * transports run them in transports.test.ts.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { startEntry } from "../production/kit.js";
import { REPO_ROOT, entryArgs } from "../transports/served.js";
import { MIDDLEWARE_ENTRY, middlewareScenarios } from "./scenarios.js";

middlewareScenarios({
  name: "stdio",
  refusalCode: -32003,
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
    return { client, protocolVersion: LATEST_PROTOCOL_VERSION, stderr: () => stderr, stop: () => client.close() };
  },
});

middlewareScenarios({
  name: "Streamable HTTP",
  // The reply is the POST's own response: a refusal travels as a 403, as the runtime's own do.
  refusalCode: 403,
  async start() {
    const server = await startEntry(MIDDLEWARE_ENTRY, ["--transport", "http", "--port", "0"]);
    const client = new Client({ name: "middleware-test", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    return {
      client,
      protocolVersion: LATEST_PROTOCOL_VERSION,
      stderr: () => server.stderr(),
      async stop() {
        await client.close();
        await server.stop();
      },
    };
  },
});

/**
 * The middleware scenarios (scenarios.ts) on protocol 2026-07-28, the stateless era,
 * with the official SDK v2 client pinned to it, over stdio and Streamable HTTP: no
 * `initialize`, every request carrying its own version and capabilities.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { MODERN_VERSION, PINNED_MODERN } from "../../helpers/sdk-v2.js";
import { REPO_ROOT, entryArgs, serveProcess } from "../transports/served.js";
import { fromV2, statusRecorder } from "./clients.js";
import { MIDDLEWARE_ENTRY, middlewareScenarios } from "./scenarios.js";

const newClient = (): Client => new Client({ name: "middleware-test", version: "1" }, PINNED_MODERN.options);

middlewareScenarios({
  name: `stdio at ${MODERN_VERSION}`,
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
    const client = newClient();
    await client.connect(transport);
    return { client: fromV2(client), protocolVersion: MODERN_VERSION, stderr: () => stderr, stop: () => client.close() };
  },
});

middlewareScenarios({
  name: `Streamable HTTP at ${MODERN_VERSION}`,
  // A 2026-07-28 reply carries each error's status from the error table.
  errorStatuses: { [-32602]: 400, [-32603]: 500, [-32003]: 403 },
  async start() {
    const server = await serveProcess(MIDDLEWARE_ENTRY, ["--transport", "http", "--port", "0"], "Streamable HTTP");
    const client = newClient();
    const statuses = statusRecorder();
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { fetch: statuses.fetch }));
    return {
      client: fromV2(client),
      lastHttpStatus: statuses.last,
      protocolVersion: MODERN_VERSION,
      stderr: server.stderr,
      async stop() {
        await client.close();
        await server.stop();
      },
    };
  },
});

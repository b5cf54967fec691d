/** The shared transport suite over Streamable HTTP (session mode), driven by the official SDK's HTTP client. */
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { JsonRpcReply, RawChannel } from "../../helpers/raw-channel.js";
import { serveProcess } from "./served.js";
import { transportSuite } from "./transport-suite.js";

/** Raw POSTs within one session; replies come back as JSON or as a per-request SSE stream. */
function httpChannel(url: string): RawChannel {
  let session: string | undefined;
  const post = async (text: string): Promise<Response> => {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-11-25",
        ...(session === undefined ? {} : { "mcp-session-id": session }),
      },
      body: text,
    });
    session ??= response.headers.get("mcp-session-id") ?? undefined;
    return response;
  };
  return {
    async exchange(text, id) {
      const response = await post(text);
      const body = await response.text();
      const messages = (response.headers.get("content-type") ?? "").includes("text/event-stream")
        ? body.split("\n").flatMap((line) => (line.startsWith("data:") ? [JSON.parse(line.slice("data:".length)) as JsonRpcReply] : []))
        : [JSON.parse(body) as JsonRpcReply];
      const reply = messages.find((message) => (message.id ?? null) === id && !("method" in message));
      if (!reply) throw new Error(`no reply with id ${JSON.stringify(id)} (HTTP ${response.status}): ${body}`);
      return reply;
    },
    async send(text) {
      await (await post(text)).body?.cancel();
    },
    async close() {
      if (session !== undefined) await fetch(url, { method: "DELETE", headers: { "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" } });
    },
  };
}

transportSuite({
  name: "Streamable HTTP",
  async start(entry) {
    const served = await serveProcess(entry, ["--transport", "http", "--port", "0"], "Streamable HTTP");
    return {
      clientTransport: () => new StreamableHTTPClientTransport(new URL(served.url)),
      raw: async () => httpChannel(served.url),
      stderr: served.stderr,
      stop: served.stop,
    };
  },
});

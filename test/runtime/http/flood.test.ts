/**
 * Clients that vanish: connections cut mid-headers, mid-body, mid-stream and
 * mid-call must not crash the server, leak sessions into errors, or stop it answering.
 */
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { POST_HEADERS, openSession, startFixture } from "./harness.js";

/** Writes `text` on a fresh connection, then destroys it without waiting for an answer. */
function abort(port: number, text: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(text, () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on("error", () => resolve());
  });
}

describe("aborted connections", () => {
  it("survives 200 aborted connections and still answers", async () => {
    const { url, errors } = await startFixture();
    const { port } = new URL(url);
    const session = await openSession(url);
    const head = (method: string, length: number, extra = ""): string =>
      `${method} /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMcp-Session-Id: ${session}\r\nContent-Length: ${length}\r\n${extra}\r\n`;
    const call = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "echo", arguments: { text: "x" }, _meta: { progressToken: 1 } },
    });
    const kinds = [
      "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le", // cut inside the headers
      `${head("POST", 1000)}{"jsonrpc":"2.0",`, // cut inside the body
      `${head("GET", 0)}`, // a standalone stream, dropped at once
    ];
    // Bounded: 4 rounds of 50 at once, then one round of concurrent tool calls cut mid-stream.
    for (let round = 0; round < 4; round++) {
      await Promise.all(Array.from({ length: 50 }, (_, index) => abort(Number(port), kinds[index % kinds.length]!)));
    }
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        abort(Number(port), `${head("POST", Buffer.byteLength(call.replace('"id":1', `"id":${index + 10}`)))}${call.replace('"id":1', `"id":${index + 10}`)}`),
      ),
    );
    const ping = await fetch(url, {
      method: "POST",
      headers: { ...POST_HEADERS, "mcp-session-id": session },
      body: JSON.stringify({ jsonrpc: "2.0", id: 99, method: "ping" }),
    });
    expect(await ping.json()).toEqual({ jsonrpc: "2.0", id: 99, result: {} });
    // The cut tool calls finish on their own; their replies are dropped, not errors.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(errors).toEqual([]);
  });
});

/**
 * Which stream carries what (basic/transports, "Multiple Connections"): a request's
 * own messages go on its POST stream; once the client has dropped that stream they
 * move to the standalone GET stream, never to both.
 */
import { describe, expect, it } from "vitest";
import { POST_HEADERS, openSession, startFixture } from "./harness.js";

const DATA = "event: message\ndata: ";

/** Reads SSE messages from a response body until `stop` says enough. */
async function readEvents(body: ReadableStream<Uint8Array>, stop: (events: Record<string, unknown>[]) => boolean): Promise<Record<string, unknown>[]> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const events: Record<string, unknown>[] = [];
  let buffer = "";
  while (!stop(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (event.startsWith(DATA)) events.push(JSON.parse(event.slice(DATA.length)) as Record<string, unknown>);
    }
  }
  await reader.cancel();
  return events;
}

const progressOf = (events: Record<string, unknown>[]): unknown[] =>
  events.filter((event) => event.method === "notifications/progress").map((event) => (event.params as { progress: unknown }).progress);

describe("SSE routing", () => {
  it("moves a request's notifications to the GET stream after its POST stream is dropped", async () => {
    const { url } = await startFixture();
    const session = await openSession(url);
    const headers = { "mcp-session-id": session };
    const standalone = await fetch(url, { headers: { ...headers, accept: "text/event-stream" } });
    const call = { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "echo", arguments: { text: "x", steps: 40 }, _meta: { progressToken: "t" } } };
    const post = await fetch(url, { method: "POST", headers: { ...POST_HEADERS, ...headers }, body: JSON.stringify(call) });
    expect(post.headers.get("content-type")).toBe("text/event-stream");
    const onPost = progressOf(await readEvents(post.body!, (events) => progressOf(events).length >= 1));
    const onGet = await readEvents(standalone.body!, (events) => progressOf(events).includes(40));
    expect(onPost.length).toBeGreaterThanOrEqual(1);
    // Every step arrives exactly once across the two streams, and the reply never
    // goes on the GET stream (the spec forbids responses there).
    expect([...onPost, ...progressOf(onGet)].slice(0, 1)).toEqual([1]);
    expect(new Set([...onPost, ...progressOf(onGet)]).size).toBe(onPost.length + progressOf(onGet).length);
    expect(progressOf(onGet).at(-1)).toBe(40);
    expect(onGet.some((event) => "result" in event || "error" in event)).toBe(false);
  });
});

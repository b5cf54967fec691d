/**
 * Which stream carries what (basic/transports, "Multiple Connections" and
 * "Resumability and Redelivery"): a request's own messages go on its POST stream.
 * Once the client has dropped that stream, they are kept for it, and a GET with
 * `Last-Event-ID` resumes it; without an event store they move to the standalone GET
 * stream. Never on two streams.
 */
import { describe, expect, it } from "vitest";
import { POST_HEADERS, openSession, startFixture } from "./harness.js";

const DATA = "event: message\ndata: ";

/** Reads SSE messages from a response body until `stop` says enough; `ids` collects their event ids. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  stop: (events: Record<string, unknown>[]) => boolean,
  ids: string[] = [],
): Promise<Record<string, unknown>[]> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const events: Record<string, unknown>[] = [];
  let buffer = "";
  while (!stop(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      let event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const id = /^id: (\S+)\n/.exec(event);
      if (id !== null) {
        ids.push(id[1]!);
        event = event.slice(id[0].length);
      }
      if (event.startsWith(DATA)) events.push(JSON.parse(event.slice(DATA.length)) as Record<string, unknown>);
    }
  }
  await reader.cancel();
  return events;
}

const progressOf = (events: Record<string, unknown>[]): unknown[] =>
  events.filter((event) => event.method === "notifications/progress").map((event) => (event.params as { progress: unknown }).progress);

describe("SSE routing", () => {
  it("keeps a dropped POST stream's messages, and a GET with Last-Event-ID resumes it: each step once, then the reply", async () => {
    const { url } = await startFixture();
    const session = await openSession(url);
    const headers = { "mcp-session-id": session };
    const standalone = await fetch(url, { headers: { ...headers, accept: "text/event-stream" } });
    const call = { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "echo", arguments: { text: "x", steps: 40 }, _meta: { progressToken: "t" } } };
    const post = await fetch(url, { method: "POST", headers: { ...POST_HEADERS, ...headers }, body: JSON.stringify(call) });
    const ids: string[] = [];
    const onPost = progressOf(await readEvents(post.body!, (events) => progressOf(events).length >= 2, ids));
    const resumed = await fetch(url, { headers: { ...headers, accept: "text/event-stream", "last-event-id": ids.at(-1)! } });
    expect(resumed.status).toBe(200);
    const onResumed = await readEvents(resumed.body!, (events) => events.some((event) => event.id === 5));
    const steps = [...onPost, ...progressOf(onResumed)];
    expect(steps).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    expect(onResumed.at(-1)).toMatchObject({ id: 5, result: { content: [{ type: "text", text: "echo: x" }] } });
    // Nothing of the request went on the session's GET stream.
    const onGet = await readEvents(standalone.body!, () => true);
    expect(onGet).toEqual([]);
  });

  it("without an event store, moves a request's notifications to the GET stream after its POST stream is dropped", async () => {
    const { url } = await startFixture({ eventStore: false });
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

/** Sessions end three ways: DELETE, the idle timeout, and closing the listener. */
import { describe, expect, it } from "vitest";
import { POST_HEADERS, openSession, startFixture } from "./harness.js";

const ping = (url: string, session: string) =>
  fetch(url, { method: "POST", headers: { ...POST_HEADERS, "mcp-session-id": session }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) });

describe("session lifecycle", () => {
  it("DELETE answers 204 and the session is gone", async () => {
    const { url } = await startFixture();
    const session = await openSession(url);
    const deleted = await fetch(url, { method: "DELETE", headers: { "mcp-session-id": session } });
    expect(deleted.status).toBe(204);
    expect((await ping(url, session)).status).toBe(404);
  });

  it("ends idle sessions after the timeout, but not while a stream is open", async () => {
    const { url } = await startFixture({ sessionIdleTimeoutMs: 40 });
    const idle = await openSession(url);
    const streaming = await openSession(url);
    const stream = await fetch(url, { headers: { accept: "text/event-stream", "mcp-session-id": streaming } });
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await ping(url, idle)).status).toBe(404);
    expect((await ping(url, streaming)).status).toBe(200);
    await stream.body?.cancel();
  });

  it("close() ends open SSE streams cleanly", async () => {
    const { url, listener } = await startFixture();
    const session = await openSession(url);
    const stream = await fetch(url, { headers: { accept: "text/event-stream", "mcp-session-id": session } });
    // Resumable: the stream ends with a `retry` only when the session lives on elsewhere; here it ends with the server.
    const ended = stream.text();
    await listener.close();
    expect(await ended).toMatch(/^id: g[0-9a-f]{12}_0\ndata: \n\n$/);
  });

  it("a second GET stream replaces the first, which ends", async () => {
    const { url } = await startFixture();
    const session = await openSession(url);
    const stream = await fetch(url, { headers: { accept: "text/event-stream", "mcp-session-id": session } });
    const second = await fetch(url, { headers: { accept: "text/event-stream", "mcp-session-id": session } });
    // Only its priming event (the id to resume from) went out before it ended.
    expect(await stream.text()).toMatch(/^id: g[0-9a-f]{12}_0\ndata: \n\n$/);
    await second.body?.cancel();
  });
});

/**
 * SIGTERM under load on the connection transports `runMain` starts (TCP, Unix
 * socket, WebSocket), each in a real process: every request in flight is answered,
 * a request sent after the signal on an open connection gets -32008, a new
 * connection is refused, and the process exits 0 well within the drain deadline.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { killLeftovers } from "../transports/served.js";
import { connectWire, drainingStarted, echoCall, echoText, exitOf, initialize, isProgressOf, isReplyTo, serveFixture } from "./harness.js";

const scratch = mkdtempSync(join(tmpdir(), "turbomcp-lifecycle-"));

afterAll(() => {
  killLeftovers();
  rmSync(scratch, { recursive: true, force: true });
});

const TARGETS = [
  { transport: "tcp", endpoint: "TCP", args: ["--port", "0"] },
  { transport: "unix", endpoint: "Unix socket", args: ["--socket", join(scratch, "drain.sock")] },
  { transport: "ws", endpoint: "WebSocket", args: ["--port", "0"] },
] as const;

/** Concurrent slow calls on one connection; each runs about 1 s. */
const CALLS = 6;
const STEPS = 150;
const DRAIN_MS = 15_000;

describe.each(TARGETS)("graceful shutdown over $transport", ({ transport, endpoint, args }) => {
  it("answers every request in flight after SIGTERM, refuses new work, and exits 0", async () => {
    const served = await serveFixture(transport, endpoint, ...args, "--drain-timeout", String(DRAIN_MS));
    const wire = await connectWire(served.url);
    await initialize(wire);
    const ids = Array.from({ length: CALLS }, (_, index) => `call-${index}`);
    for (const id of ids) wire.send(echoCall(id, STEPS));
    // Each call has reported progress: it is running on the server, not just sent.
    await Promise.all(ids.map((id) => wire.inbox.waitFor(isProgressOf(id))));

    let signalledAt = 0;
    const exited = exitOf(served.child, () => signalledAt);
    signalledAt = Date.now();
    served.child.kill("SIGTERM");
    await drainingStarted(served.stderr);

    wire.send({ jsonrpc: "2.0", id: "late", method: "tools/list" });
    expect(await wire.inbox.waitFor(isReplyTo("late"))).toMatchObject({ error: { code: -32008 } });
    await expect(connectWire(served.url)).rejects.toThrow();

    const replies = await Promise.all(ids.map((id) => wire.inbox.waitFor(isReplyTo(id))));
    expect(replies.map(echoText)).toEqual(ids.map((id) => `echo: ${id}`));
    const exit = await exited;
    expect(exit.code).toBe(0);
    expect(exit.afterMs).toBeLessThan(DRAIN_MS);
    // The connection ends once its requests are answered.
    await expect.poll(() => wire.inbox.closed, { timeout: 5_000 }).toBe(true);
  });
});

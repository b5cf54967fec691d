/**
 * SIGTERM under load on `runMain --transport http`, in a real process, both eras:
 * every accepted request is answered, a new request on a kept-alive connection is
 * still served but with `Connection: close`, a new connection is refused, SSE
 * streams end cleanly (a listen stream with its final result), and the process
 * exits 0. A request that outlives the deadline is cut; a second signal exits at once.
 */
import { Agent } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { killLeftovers } from "../transports/served.js";
import { INITIALIZE, INITIALIZED, drainingStarted, echoCall, echoText, exitOf, serveFixture } from "./harness.js";
import { BASE_HEADERS, onSession, openGetStream, post, replyIn, stateless, statelessEcho } from "./http-client.js";

afterAll(killLeftovers);

const agents: Agent[] = [];
function keepAlive(maxSockets: number): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets });
  agents.push(agent);
  return agent;
}
afterAll(() => {
  for (const agent of agents) agent.destroy();
});

async function openSession(url: string): Promise<string> {
  const initialized = await post(url, { body: INITIALIZE, headers: BASE_HEADERS }, false);
  const session = initialized.headers["mcp-session-id"];
  if (initialized.status !== 200 || typeof session !== "string") throw new Error(`initialize failed: ${initialized.status} ${initialized.body}`);
  await post(url, onSession(session, INITIALIZED), false);
  return session;
}

/** Resolves when `count` calls have been seen by `seen()`. */
function counter(count: number): { seen: () => void; all: Promise<void> } {
  let left = count;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  return {
    seen: () => {
      if (--left === 0) done();
    },
    all,
  };
}

const DRAIN_MS = 15_000;

describe("graceful shutdown over Streamable HTTP", () => {
  it("answers every accepted request, serves one more per open connection with Connection: close, refuses new connections, ends SSE streams, exits 0", async () => {
    const served = await serveFixture("http", "Streamable HTTP", "--port", "0", "--drain-timeout", String(DRAIN_MS));
    const { url } = served;
    const session = await openSession(url);
    const standalone = await openGetStream(url, session);
    expect(standalone.status).toBe(200);

    // Load: stateless and session calls at once, each streaming progress from its first step.
    const statelessIds = ["s-0", "s-1", "s-2", "s-3", "s-4"];
    const sessionIds = ["l-0", "l-1"];
    const started = counter(statelessIds.length + sessionIds.length + 2);
    const agent = keepAlive(statelessIds.length + sessionIds.length);
    const calls = [
      ...statelessIds.map((id) => post(url, statelessEcho(id, 300, true), agent, started.seen)),
      ...sessionIds.map((id) => post(url, onSession(session, echoCall(id, 300)), agent, started.seen)),
    ];
    // A shorter call on a connection of its own, reused after the signal.
    const probeAgent = keepAlive(1);
    const probe = post(url, statelessEcho("probe", 60, true), probeAgent, started.seen);
    const listen = post(url, stateless("listen", "subscriptions/listen", { notifications: { toolsListChanged: true } }), false, started.seen);
    await started.all;

    let signalledAt = 0;
    const exited = exitOf(served.child, () => signalledAt);
    signalledAt = Date.now();
    served.child.kill("SIGTERM");
    await drainingStarted(served.stderr);

    expect(echoText(replyIn(await probe, "probe"))).toBe("echo: probe");
    // The probe's connection, idle since its answer: the next request on it is served, and closes it.
    const late = await post(url, stateless("late", "tools/list"), probeAgent);
    expect(late.reusedSocket).toBe(true);
    expect(late.status).toBe(200);
    expect(late.headers.connection).toBe("close");
    expect(replyIn(late, "late")).toMatchObject({ jsonrpc: "2.0", result: { tools: expect.any(Array) } });
    // A new connection: refused, or (had it raced the start of the drain) served.
    const fresh = await post(url, stateless("fresh", "tools/list"), false).then(
      (posted) => posted.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect([200, "ECONNREFUSED"]).toContain(fresh);

    const answered = await Promise.all(calls);
    expect(answered.map((posted) => posted.status)).toEqual(answered.map(() => 200));
    expect(answered.map((posted, index) => echoText(replyIn(posted, [...statelessIds, ...sessionIds][index]!)))).toEqual(
      [...statelessIds, ...sessionIds].map((id) => `echo: ${id}`),
    );
    // The listen stream got its final result; the session's GET stream just ended.
    expect(replyIn(await listen, "listen")).toMatchObject({ result: { resultType: "complete" } });
    await expect(standalone.ended).resolves.toBeTypeOf("string");

    const exit = await exited;
    expect(exit.code).toBe(0);
    expect(exit.afterMs).toBeLessThan(DRAIN_MS);
  });

  it("cuts a request that outlives --drain-timeout (a JSON answer becomes 503) and still exits 0", async () => {
    const served = await serveFixture("http", "Streamable HTTP", "--port", "0", "--drain-timeout", "300");
    const { url } = served;
    const started = counter(1);
    // ~5,000 steps of 5 ms: far longer than the deadline, and echo ignores its signal.
    const quiet = post(url, statelessEcho("quiet", 5_000, false), false);
    const streaming = post(url, statelessEcho("streaming", 5_000, true), false, started.seen);
    await started.all;

    let signalledAt = 0;
    const exited = exitOf(served.child, () => signalledAt);
    signalledAt = Date.now();
    served.child.kill("SIGTERM");

    const cut = await quiet;
    expect(cut.status).toBe(503);
    expect(JSON.parse(cut.body)).toMatchObject({ error: { code: -32008 } });
    // A stream already under way can only end: it carries progress, never the reply.
    const ended = await streaming.catch(() => undefined);
    if (ended) expect(replyIn(ended, "streaming")).toBeUndefined();
    const exit = await exited;
    expect(exit.code).toBe(0);
    expect(exit.afterMs).toBeLessThan(10_000);
  });

  it("exits at once with 128 + the signal number on a second signal", async () => {
    const served = await serveFixture("http", "Streamable HTTP", "--port", "0", "--drain-timeout", "60000");
    const started = counter(1);
    const running = post(served.url, statelessEcho("long", 5_000, true), false, started.seen).catch(() => undefined);
    await started.all;
    let signalledAt = 0;
    const exited = exitOf(served.child, () => signalledAt);
    served.child.kill("SIGTERM");
    await drainingStarted(served.stderr);
    signalledAt = Date.now();
    served.child.kill("SIGTERM");
    const exit = await exited;
    expect(exit.code).toBe(143);
    expect(exit.afterMs).toBeLessThan(5_000);
    expect(served.stderr()).toContain("SIGTERM again: exiting now");
    await running;
  });
});

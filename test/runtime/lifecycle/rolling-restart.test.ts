/**
 * A rolling restart loses nothing. A real server process (examples/calculator run by
 * `runMain`) takes continuous `tools/call add` load from 50 kept-alive connections
 * (2025-11-25 session, 2026-07-28 stateless and legacy HTTP+SSE POSTs side by side)
 * and gets SIGTERM mid-run (while Node is still accepting some of the 50 connections,
 * which the kernel has queued). Every request the client put on a connection the
 * server had open is answered, the last one on each connection with `Connection:
 * close`; the only failures are on brand-new connections: refused once the listener
 * is closed, or (a race no server can close, seen on a loaded machine) reset by the
 * kernel because they reached its queue in the instant the listener closed, before
 * Node could accept them. Readiness is off from the signal on, and the process exits 0
 * without cutting anything.
 */
import { Agent, request } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { CALCULATOR_ENTRY, killLeftovers, serveProcess } from "../transports/served.js";
import { INITIALIZE, INITIALIZED, drainingStarted, exitOf, isReplyTo, type Inbox, type Message } from "./harness.js";
import { BASE_HEADERS, onSession, openLegacyStream, replyIn, stateless, type Posted } from "./http-client.js";

afterAll(killLeftovers);

const CONNECTIONS = 50;
/** Requests each worker sends at most: the bound on the run if the server never stopped. */
const MAX_PER_WORKER = 400;
/** Answered requests before the signal, so it lands mid-run. */
const BEFORE_SIGNAL = 300;

type Kind = "session" | "stateless" | "legacy";

interface Outcome {
  readonly kind: Kind;
  readonly id: string;
  readonly sum: number;
  /** Sent once the server had logged the signal. */
  readonly afterSignal: boolean;
  readonly posted?: Posted;
  /** The request's error code (ECONNREFUSED, ECONNRESET, …) when it got no response. */
  readonly error?: string;
  readonly reusedSocket: boolean;
}

/** One POST or GET that never rejects: a response, or the error code it met. */
function exchange(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string },
  agent: Agent,
): Promise<{ posted?: Posted; error?: string; reusedSocket: boolean }> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: { posted?: Posted; error?: string }): void => {
      if (settled) return;
      settled = true;
      resolve({ ...result, reusedSocket: req.reusedSocket });
    };
    const req = request(url, { method: options.method, headers: options.headers, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => settle({ posted: { status: res.statusCode ?? 0, headers: res.headers, body, reusedSocket: req.reusedSocket } }));
      res.on("error", (error: NodeJS.ErrnoException) => settle({ error: error.code ?? error.message }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => settle({ error: error.code ?? error.message }));
    req.end(options.body);
  });
}

const addCall = (id: string, a: number): Message => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "add", arguments: { a, b: 1 } } });

const textOf = (reply: Message | undefined): unknown => (reply?.result as { content?: { text?: unknown }[] } | undefined)?.content?.[0]?.text;

describe("rolling restart under keep-alive load (runMain --transport http)", () => {
  it("answers every request sent on an open connection, refuses only new connections, turns readiness off, exits 0", async () => {
    const served = await serveProcess(CALCULATOR_ENTRY, ["--transport", "http", "--port", "0", "--drain-timeout", "20000"], "Streamable HTTP");
    const { url } = served;
    const origin = new URL(url).origin;

    // A 2025-11-25 session and a legacy HTTP+SSE session, opened before the load.
    const opened = await exchange(url, { method: "POST", headers: BASE_HEADERS, body: JSON.stringify(INITIALIZE) }, new Agent());
    const session = String(opened.posted?.headers["mcp-session-id"]);
    await exchange(url, { method: "POST", ...encoded(onSession(session, INITIALIZED)) }, new Agent());
    const legacy = await openLegacyStream(`${origin}/sse`);
    const legacyPost = (body: Message, agent: Agent) =>
      exchange(legacy.messagesUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, agent);
    await legacyPost({ ...INITIALIZE, params: { ...(INITIALIZE.params as Message), protocolVersion: "2024-11-05" } }, new Agent());
    await legacy.inbox.waitFor(isReplyTo("init"));
    await legacyPost(INITIALIZED, new Agent());

    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const outcomes: Outcome[] = [];
    let answered = 0;
    let signalSeen = false;
    let reachedSignalPoint: () => void = () => {};
    const signalPoint = new Promise<void>((resolve) => (reachedSignalPoint = resolve));

    const send = (kind: Kind, id: string, a: number): Promise<{ posted?: Posted; error?: string; reusedSocket: boolean }> => {
      if (kind === "legacy") return legacyPost(addCall(id, a), agent);
      const message = kind === "session" ? onSession(session, addCall(id, a)) : stateless(id, "tools/call", { name: "add", arguments: { a, b: 1 } });
      return exchange(url, { method: "POST", ...encoded(message) }, agent);
    };
    const worker = async (index: number): Promise<void> => {
      const kind: Kind = index % 5 === 4 ? "legacy" : index % 2 === 0 ? "session" : "stateless";
      for (let round = 0; round < MAX_PER_WORKER; round++) {
        const id = `${kind}-${index}-${round}`;
        const afterSignal = signalSeen;
        const result = await send(kind, id, round);
        outcomes.push({ kind, id, sum: round + 1, afterSignal, ...result });
        // Refused (or worse): this client would now go to another instance.
        if (result.error !== undefined) return;
        if (++answered === BEFORE_SIGNAL) reachedSignalPoint();
      }
    };
    const workers = Array.from({ length: CONNECTIONS }, (_, index) => worker(index));

    // Readiness, polled on a kept-alive connection of its own throughout.
    const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const probes: { afterSignal: boolean; status: number | undefined; close: boolean; error: string | undefined }[] = [];
    const probing = (async () => {
      for (let round = 0; round < 10 * MAX_PER_WORKER; round++) {
        const afterSignal = signalSeen;
        const result = await exchange(`${origin}/health/ready`, { method: "GET", headers: {} }, probeAgent);
        probes.push({ afterSignal, status: result.posted?.status, close: result.posted?.headers.connection === "close", error: result.error });
        if (result.error !== undefined) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    await signalPoint;
    let signalledAt = 0;
    const exited = exitOf(served.child, () => signalledAt);
    signalledAt = Date.now();
    served.child.kill("SIGTERM");
    await drainingStarted(served.stderr);
    signalSeen = true;
    await Promise.all([...workers, probing]);
    const exit = await exited;
    await legacyEnded(legacy.inbox);

    // Nothing sent on an open connection failed: the only errors are on fresh sockets, refused (or reset in the kernel's queue).
    const failed = outcomes.filter((outcome) => outcome.error !== undefined);
    expect(failed.filter((outcome) => outcome.reusedSocket || (outcome.error !== "ECONNREFUSED" && outcome.error !== "ECONNRESET"))).toEqual([]);
    expect(failed.length).toBeGreaterThan(0);
    const delivered = outcomes.filter((outcome) => outcome.posted !== undefined);
    expect(delivered.filter((outcome) => outcome.posted?.status !== (outcome.kind === "legacy" ? 202 : 200))).toEqual([]);
    // Every answer is the right sum: on the POST's response, or (legacy) on the session's stream.
    const wrong = delivered.filter((outcome) => {
      const reply = outcome.kind === "legacy" ? legacy.inbox.messages.find(isReplyTo(outcome.id)) : replyIn(outcome.posted!, outcome.id);
      return textOf(reply) !== String(outcome.sum);
    });
    expect(wrong.map((outcome) => outcome.id)).toEqual([]);
    // Requests on the open connections were served with `Connection: close` once the listener was closed, on the three paths.
    const closing = delivered.filter((outcome) => outcome.posted?.headers.connection === "close");
    expect(new Set(closing.map((outcome) => outcome.kind))).toEqual(new Set(["session", "stateless", "legacy"]));

    // Readiness: off from the signal on (503 on the open connection, then refused), never a reset.
    expect(probes.filter((probe) => probe.error !== undefined && probe.error !== "ECONNREFUSED")).toEqual([]);
    expect(probes.filter((probe) => probe.afterSignal && probe.status === 200)).toEqual([]);
    expect(probes.some((probe) => probe.status === 503 && probe.close)).toBe(true);

    expect(exit.code).toBe(0);
    expect(served.stderr()).not.toContain("are being cut");
    agent.destroy();
    probeAgent.destroy();
  });
});

function encoded(message: { body: Message; headers: Record<string, string> }): { headers: Record<string, string>; body: string } {
  return { headers: message.headers, body: JSON.stringify(message.body) };
}

/** Resolves once the legacy stream has ended (with its session). */
async function legacyEnded(inbox: Inbox): Promise<void> {
  await inbox.waitFor(() => false).catch(() => {});
  if (!inbox.closed) throw new Error("the legacy SSE stream did not end");
}

/**
 * Every feature examples/everything offers, through the reference deployment's
 * balancer (3 instances, one Redis, HAProxy round robin without stickiness), from the
 * official SDK clients: v1 on a 2025-11-25 session, v2 on a session (legacy mode) and
 * v2 stateless on 2026-07-28. Consecutive requests land on different instances, so
 * each check also shows the path that crosses instances: an answer to the server's
 * question reaching the instance that asked, a log level set on one instance applied on
 * another, a resource update from each instance reaching the subscriber's stream, a
 * dropped stream resumed elsewhere with `Last-Event-ID`, a task created on one
 * instance and polled, answered and cancelled through the others.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCluster } from "../../helpers/cluster.js";
import { connectV1, connectV2, LEGACY, PINNED_MODERN, type SdkPeer } from "./sdk-peers.js";
import { statelessCall, type StatelessReply } from "./stateless-call.js";
import { requestsByInstance } from "./instance-metrics.js";
import type { Exchange } from "./traffic.js";

const cluster = useCluster();

const WATCHED = "test://watched-resource";
/** A bound on waiting for something the cluster does by itself (not a timing assertion). */
const POLL = { timeout: 10_000, interval: 25 };

const CLIENTS: readonly { readonly name: string; readonly connect: (url: string) => Promise<SdkPeer> }[] = [
  { name: "SDK v1, 2025-11-25 session", connect: (url) => connectV1(url) },
  { name: "SDK v2, legacy mode (2025-11-25 session)", connect: (url) => connectV2(url, LEGACY) },
  { name: "SDK v2, 2026-07-28 (stateless)", connect: (url) => connectV2(url, PINNED_MODERN) },
];

/** The exchanges a client made while `action` ran. */
async function during<T>(peer: SdkPeer, action: () => Promise<T>): Promise<{ value: T; exchanges: Exchange[] }> {
  const from = peer.traffic.exchanges.length;
  const value = await action();
  return { value, exchanges: peer.traffic.exchanges.slice(from) };
}

/** Requests HAProxy has in progress on all instances together. */
async function inProgress(): Promise<number> {
  return [...(await cluster().inProgress()).values()].reduce((sum, count) => sum + count, 0);
}

function only<T>(items: readonly T[], what: string): T {
  expect(items, what).toHaveLength(1);
  return items[0]!;
}

function texts(reply: { content: readonly { type: string; text?: string }[] }): string[] {
  return reply.content.map((block) => block.text ?? `<${block.type}>`);
}

/**
 * Where the client's answer to a question went, against the request that asked: on a
 * session the answer is its own POST (a JSON-RPC response); on 2026-07-28 it rides on
 * the retried call. Either way it must land on another instance than the one that asked.
 */
async function answerCrossed(peer: SdkPeer, exchanges: Exchange[], tool: string): Promise<{ asked: string | undefined; answered: string | undefined }> {
  const calls = exchanges.filter((exchange) => exchange.rpc === "tools/call" && exchange.tool === tool);
  if (peer.era === "stateless") {
    expect(calls, "the call and its retry with the answers").toHaveLength(2);
    return { asked: calls[0]!.backend, answered: calls[1]!.backend };
  }
  const call = only(calls, "one tools/call");
  const answer = only(
    exchanges.filter((exchange) => exchange.rpc === "response"),
    "one answer POST",
  );
  // The call's reply can reach the client before the 202 of the answer that let it finish.
  await expect.poll(() => answer.status, POLL).toBe(202);
  return { asked: call.backend, answered: answer.backend };
}

for (const { name, connect } of CLIENTS) {
  describe(name, () => {
    let peer: SdkPeer;
    beforeAll(async () => {
      peer = await connect(cluster().url);
    }, 30_000);
    afterAll(async () => {
      await peer?.close();
    });

    it("connects: a session on 2025-11-25, none on 2026-07-28", () => {
      if (peer.era === "session") {
        expect(peer.version()).toBe("2025-11-25");
        expect(peer.sessionId()).toMatch(/^[\x21-\x7e]{32,}$/);
      } else {
        expect(peer.version()).toBe("2026-07-28");
        expect(peer.sessionId()).toBeUndefined();
      }
    });

    it("lists and calls tools, each request on the next instance (round robin)", async () => {
      const { exchanges } = await during(peer, async () => {
        expect(await peer.listTools()).toEqual(expect.arrayContaining(["test_simple_text", "touch_watched_resource", "slow_compute"]));
        for (let i = 0; i < 3; i++) expect(texts(await peer.call("test_simple_text"))).toEqual(["This is a simple text response for testing."]);
      });
      const backends = exchanges.map((exchange) => exchange.backend);
      expect(backends).toHaveLength(4);
      expect(new Set(backends)).toEqual(new Set(["s1", "s2", "s3"]));
      for (let i = 1; i < backends.length; i++) expect(backends[i], backends.join(" ")).not.toBe(backends[i - 1]);
    });

    it("delivers progress notifications", async () => {
      const progress: [number, number | undefined][] = [];
      const reply = await peer.call("test_tool_with_progress", {}, { onprogress: (update) => progress.push([update.progress, update.total]) });
      expect(texts(reply)).toEqual(["Tool with progress executed successfully"]);
      expect(progress).toEqual([
        [0, 100],
        [50, 100],
        [100, 100],
      ]);
    });

    it("logs at the level the client set (on a session: set on one instance, applied on another)", async () => {
      const levels = async (level: "warning" | "debug"): Promise<{ seen: string[]; setOn?: string; calledOn?: string }> => {
        peer.logs.length = 0;
        const { exchanges } = await during(peer, async () => {
          if (peer.era === "session") await peer.setLogLevel(level);
          expect(texts(await peer.call("test_logging_tool", {}, peer.era === "stateless" ? { logLevel: level } : {}))).toEqual([
            "Logging tool executed successfully",
          ]);
        });
        // Related notifications travel on the call's stream ahead of its reply.
        const seen = peer.logs.map((entry) => entry.level);
        const setOn = exchanges.find((exchange) => exchange.rpc === "logging/setLevel")?.backend;
        const calledOn = exchanges.find((exchange) => exchange.rpc === "tools/call")?.backend;
        return { seen, ...(setOn !== undefined && { setOn }), ...(calledOn !== undefined && { calledOn }) };
      };
      const warning = await levels("warning");
      expect(warning.seen).toEqual(["warning", "error"]);
      const debug = await levels("debug");
      expect(debug.seen).toEqual(["debug", "info", "warning", "error"]);
      if (peer.era === "session") {
        expect(warning.setOn).not.toBe(warning.calledOn);
        expect(debug.setOn).not.toBe(debug.calledOn);
      }
    });

    it("elicitation: the client's answer reaches the instance that asked, from another instance", async () => {
      peer.elicitations.length = 0;
      const { value, exchanges } = await during(peer, () => peer.call("test_elicitation", { message: "Who are you?" }));
      expect(texts(value)).toEqual(['User response: action=accept, content={"username":"ada","email":"ada@example.com"}']);
      expect(peer.elicitations.map((form) => form.message)).toEqual(["Who are you?"]);
      const { asked, answered } = await answerCrossed(peer, exchanges, "test_elicitation");
      expect(answered).not.toBe(asked);
    });

    it("sampling: the client's answer reaches the instance that asked, from another instance", async () => {
      peer.samplings.length = 0;
      const { value, exchanges } = await during(peer, () => peer.call("test_sampling", { prompt: "Say something" }));
      expect(texts(value)).toEqual(["LLM response: from the client's model"]);
      expect(peer.samplings).toHaveLength(1);
      const { asked, answered } = await answerCrossed(peer, exchanges, "test_sampling");
      expect(answered).not.toBe(asked);
    });

    it("roots: the client's answer reaches the instance that asked, from another instance", async () => {
      peer.rootsAsked = 0;
      const { value, exchanges } = await during(peer, () => peer.call("test_input_required_result_list_roots"));
      expect(texts(value)).toEqual(["Client roots: file:///cluster/work"]);
      expect(peer.rootsAsked).toBe(1);
      const { asked, answered } = await answerCrossed(peer, exchanges, "test_input_required_result_list_roots");
      expect(answered).not.toBe(asked);
    });

    it("resource subscription: an update made on each instance reaches the subscriber once; none after unsubscribing", async () => {
      const stop = await peer.watch(WATCHED);
      peer.updates.length = 0;
      const { exchanges } = await during(peer, async () => {
        for (let i = 0; i < 3; i++) expect(texts(await peer.call("touch_watched_resource"))).toEqual([`${WATCHED} changed`]);
      });
      const touchedOn = exchanges.filter((exchange) => exchange.tool === "touch_watched_resource").map((exchange) => exchange.backend);
      expect(new Set(touchedOn)).toEqual(new Set(["s1", "s2", "s3"]));
      // The stream that carries the updates: the session's GET stream, or the subscriptions/listen POST.
      const stream = peer.traffic.exchanges.findLast((exchange) =>
        peer.era === "session" ? exchange.http === "GET" && exchange.lastEventId === undefined : exchange.rpc === "subscriptions/listen",
      );
      expect(stream?.backend).toMatch(/^s\d$/);
      // Two of the three updates were made on another instance than the one holding that stream.
      expect(touchedOn.filter((backend) => backend !== stream?.backend)).toHaveLength(2);
      await expect.poll(() => peer.updates.length, POLL).toBe(3);
      expect(peer.updates).toEqual([WATCHED, WATCHED, WATCHED]);
      await stop();
      peer.updates.length = 0;
      for (let i = 0; i < 3; i++) await peer.call("touch_watched_resource");
      // A later round trip: an update would have reached the client by now.
      await peer.call("test_simple_text");
      expect(peer.updates).toEqual([]);
    });

    if (name.includes("session")) {
      it("cancellation: notifications/cancelled from another instance ends the run where it runs", async () => {
        const cancelled = () => requestsByInstance(cluster().instances, "tools/call", "cancelled");
        const before = await cancelled();
        const idle = await inProgress();
        const abort = new AbortController();
        const from = peer.traffic.exchanges.length;
        const call = peer.call("slow_compute", { seconds: 60, label: "cancelled" }, { signal: abort.signal });
        call.catch(() => undefined);
        // HAProxy counts the call in progress on an instance: the run has started there.
        await expect.poll(inProgress, POLL).toBe(idle + 1);
        abort.abort(new Error("the caller gave up"));
        await expect(call).rejects.toThrow("the caller gave up");
        const started = only(
          peer.traffic.exchanges.slice(from).filter((exchange) => exchange.tool === "slow_compute"),
          "one call",
        );
        // The run ended as cancelled (not after its 60 s) on the instance HAProxy sent the call to.
        await expect.poll(() => cluster().accessLog.find((entry) => entry.id === started.requestId), { ...POLL, timeout: 20_000 }).toBeDefined();
        const ran = cluster().accessLog.find((entry) => entry.id === started.requestId)!;
        const after = await cancelled();
        expect(after.get(ran.backend), ran.backend).toBe((before.get(ran.backend) ?? 0) + 1);
        const cancel = only(
          peer.traffic.exchanges.slice(from).filter((exchange) => exchange.rpc === "notifications/cancelled"),
          "one notifications/cancelled",
        );
        await expect.poll(() => cancel.status, POLL).toBe(202);
        expect(cancel.backend).not.toBe(ran.backend);
      });

      it("resumes a POST stream cut mid-call: GET with Last-Event-ID on another instance brings the rest and the result", async () => {
        const cut = peer.traffic.cutNextPostStream('"notifications/progress"');
        const progress: number[] = [];
        const { value, exchanges } = await during(peer, () =>
          peer.call("test_tool_with_progress", {}, { onprogress: (update) => void progress.push(update.progress) }),
        );
        expect(cut.cut()).toBe(true);
        expect(texts(value)).toEqual(["Tool with progress executed successfully"]);
        expect(progress).toEqual([0, 50, 100]);
        const post = only(
          exchanges.filter((exchange) => exchange.tool === "test_tool_with_progress"),
          "one POST",
        );
        const resumed = only(
          exchanges.filter((exchange) => exchange.http === "GET" && exchange.lastEventId !== undefined),
          "one resuming GET",
        );
        expect(resumed.status).toBe(200);
        expect(resumed.lastEventId).toMatch(/^p[0-9a-f]{12}_\d+$/);
        expect(resumed.backend).not.toBe(post.backend);
      });
    }
  });
}

describe("2026-07-28 cancellation, as the spec states it (the v2 client 2.4 does not close the stream on abort)", () => {
  it("closing the call's stream ends the run, as cancelled, on the instance that ran it", async () => {
    const before = await requestsByInstance(cluster().instances, "tools/call", "cancelled");
    const idle = await inProgress();
    const abort = new AbortController();
    const requestId = `cancel-${process.pid}`;
    const call = statelessCall(
      cluster().url,
      "tools/call",
      { name: "slow_compute", arguments: { seconds: 60 } },
      { capabilities: {}, signal: abort.signal, requestId },
    );
    const failed = call.then(
      () => false,
      () => true,
    );
    await expect.poll(inProgress, POLL).toBe(idle + 1);
    abort.abort();
    expect(await failed).toBe(true);
    await expect.poll(() => cluster().accessLog.find((entry) => entry.id === requestId), POLL).toBeDefined();
    const ran = cluster().accessLog.find((entry) => entry.id === requestId)!;
    await expect
      .poll(async () => (await requestsByInstance(cluster().instances, "tools/call", "cancelled")).get(ran.backend), POLL)
      .toBe((before.get(ran.backend) ?? 0) + 1);
  });
});

describe("tasks (2026-07-28, io.modelcontextprotocol/tasks), each request on the next instance", () => {
  /** Sends `ping`-like spacers until the last request landed on `instance`, so the next lands elsewhere. */
  async function after(instance: string | undefined, last: StatelessReply): Promise<void> {
    let previous = last.backend;
    for (let i = 0; i < 3 && previous !== instance; i++) previous = (await statelessCall(cluster().url, "tools/list", {})).backend;
    expect(previous).toBe(instance);
  }

  async function getTask(taskId: string, until: (task: Record<string, unknown>) => boolean): Promise<{ task: Record<string, unknown>; backends: Set<string> }> {
    const backends = new Set<string>();
    for (let polls = 0; polls < 200; polls++) {
      const reply = await statelessCall(cluster().url, "tasks/get", { taskId });
      expect(reply.result, JSON.stringify(reply.error)).toBeDefined();
      if (reply.backend !== undefined) backends.add(reply.backend);
      if (until(reply.result!)) return { task: reply.result!, backends };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`task ${taskId} never got there`);
  }

  it("a task created on one instance is polled with tasks/get on every instance, up to its result", async () => {
    const created = await statelessCall(cluster().url, "tools/call", { name: "slow_compute", arguments: { seconds: 1, label: "cluster" } });
    expect(created.result).toMatchObject({ resultType: "task", status: "working" });
    const taskId = created.result!.taskId as string;
    const { task, backends } = await getTask(taskId, (t) => t.status !== "working");
    expect(task).toMatchObject({ status: "completed", result: { content: [{ type: "text", text: "Computed cluster in 1 s" }] } });
    expect(backends.size, [...backends].join(" ")).toBe(3);
  });

  it("tasks/update: the answer sent to another instance reaches the run waiting for it", async () => {
    const created = await statelessCall(cluster().url, "tools/call", { name: "confirm_delete", arguments: { filename: "cluster.txt" } });
    expect(created.result).toMatchObject({ resultType: "task" });
    const taskId = created.result!.taskId as string;
    const { task } = await getTask(taskId, (t) => t.status === "input_required");
    const keys = Object.keys(task.inputRequests as Record<string, unknown>);
    expect(keys).toHaveLength(1);
    const waiting = await statelessCall(cluster().url, "tasks/get", { taskId });
    await after(created.backend, waiting);
    const update = await statelessCall(cluster().url, "tasks/update", {
      taskId,
      inputResponses: { [keys[0]!]: { action: "accept", content: { confirm: true } } },
    });
    expect(update.result, JSON.stringify(update.error)).toMatchObject({ resultType: "complete" });
    expect(update.backend).not.toBe(created.backend);
    const done = await getTask(taskId, (t) => t.status !== "input_required" && t.status !== "working");
    expect(done.task).toMatchObject({ status: "completed", result: { content: [{ type: "text", text: "Deleted cluster.txt" }] } });
  });

  it("tasks/cancel sent to another instance stops the run there", async () => {
    const created = await statelessCall(cluster().url, "tools/call", { name: "slow_compute", arguments: { seconds: 60, label: "doomed" } });
    expect(created.result).toMatchObject({ resultType: "task" });
    const taskId = created.result!.taskId as string;
    const cancel = await statelessCall(cluster().url, "tasks/cancel", { taskId });
    expect(cancel.result, JSON.stringify(cancel.error)).toMatchObject({ resultType: "complete" });
    expect(cancel.backend).not.toBe(created.backend);
    const { task, backends } = await getTask(taskId, (t) => t.status !== "working");
    expect(task).toMatchObject({ status: "cancelled" });
    expect(backends.size).toBeGreaterThan(0);
  });
});

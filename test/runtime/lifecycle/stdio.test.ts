/**
 * stdio under `runMain`: stdin EOF and SIGTERM both let the requests in flight
 * finish and exit 0; after SIGTERM a new request gets -32008 instead of silence.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, fixtureArgs } from "../helpers/spawn-fixture.js";
import { drainingStarted, echoCall, echoText, exitOf, initialize, isProgressOf, isReplyTo, stdioWire } from "./harness.js";

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill("SIGKILL");
  child = undefined;
});

function start(...args: string[]): { child: ChildProcess; stderr: () => string } {
  const started = spawn(process.execPath, fixtureArgs("--transport", "stdio", ...args), { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] });
  child = started;
  let stderr = "";
  started.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child: started, stderr: () => stderr };
}

const IDS = ["call-0", "call-1", "call-2", "call-3"];
const STEPS = 150;

describe("graceful shutdown over stdio", () => {
  it.each(["stdin EOF", "SIGTERM"] as const)("finishes the requests in flight on %s and exits 0", async (ending) => {
    const server = start("--drain-timeout", "15000");
    const wire = stdioWire(server.child);
    await initialize(wire);
    for (const id of IDS) wire.send(echoCall(id, STEPS));
    await Promise.all(IDS.map((id) => wire.inbox.waitFor(isProgressOf(id))));

    let endedAt = 0;
    const exited = exitOf(server.child, () => endedAt);
    endedAt = Date.now();
    if (ending === "stdin EOF") wire.close();
    else {
      server.child.kill("SIGTERM");
      await drainingStarted(server.stderr);
      wire.send({ jsonrpc: "2.0", id: "late", method: "tools/list" });
      expect(await wire.inbox.waitFor(isReplyTo("late"))).toMatchObject({ error: { code: -32008 } });
    }

    const replies = await Promise.all(IDS.map((id) => wire.inbox.waitFor(isReplyTo(id))));
    expect(replies.map(echoText)).toEqual(IDS.map((id) => `echo: ${id}`));
    const exit = await exited;
    expect(exit.code).toBe(0);
    expect(exit.afterMs).toBeLessThan(15_000);
  });
});

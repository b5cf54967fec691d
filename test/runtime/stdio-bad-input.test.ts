/**
 * The bad-input matrix over stdio: the same bad messages as the HTTP matrix, one
 * per line, in process through `runStdio` (one server per case, so each reply is
 * known to be that case's), then the whole corpus against the fixture server as a
 * real child process, which must answer the request after it and exit cleanly.
 */
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createServer, runStdio, type ServerLogger } from "../../packages/runtime/src/index.js";
import { routes } from "../fixtures/runtime/routes.js";
import { BODY_CASES, ERAS, healthyMethod, message, outcomeOf, type Era, type Outcome } from "./bad-input-bodies.js";
import { spawnRaw } from "./helpers/spawn-fixture.js";

type Reply = Record<string, unknown>;

const INITIALIZE = {
  jsonrpc: "2.0",
  id: "init",
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
};
const NEWLINE = Buffer.from("\n");

function bytesOf(line: string | Buffer): Buffer {
  return typeof line === "string" ? Buffer.from(line) : line;
}

interface Served {
  /** Writes raw bytes to the server's stdin. */
  write(bytes: Buffer | string): void;
  /** Resolves with the next reply line once it is out. */
  nextReply(): Promise<Reply>;
  /** Ends stdin, waits for the server to finish, returns every line it wrote. */
  finish(): Promise<Reply[]>;
  readonly errors: string[];
  readonly output: PassThrough;
}

/** The fixture routes on in-process stdio streams. */
function serveStdio(): Served {
  const input = new PassThrough();
  const output = new PassThrough();
  const errors: string[] = [];
  const logger: ServerLogger = { error: (text, error) => errors.push(`${text}: ${String(error)}`), warn: () => {} };
  const done = runStdio(createServer(routes, { logger }), { input, output, logger });
  let text = "";
  let read = 0;
  let wake: (() => void) | undefined;
  output.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
    wake?.();
  });
  const lines = (): Reply[] =>
    text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Reply);
  return {
    write: (bytes) => input.write(bytes),
    async nextReply() {
      while (lines().length <= read) await new Promise<void>((resolve) => (wake = resolve));
      return lines()[read++]!;
    },
    async finish() {
      input.end();
      await done;
      return lines();
    },
    errors,
    output,
  };
}

/**
 * The replies `line` gets on a fresh server (after `initialize` on the legacy era,
 * straight away on 2026-07-28), checking that the request after it is still served.
 */
async function repliesTo(era: Era, line: string | Buffer): Promise<{ replies: Reply[]; errors: string[] }> {
  const served = serveStdio();
  if (era === "legacy") {
    served.write(`${JSON.stringify(INITIALIZE)}\n`);
    expect(await served.nextReply()).toMatchObject({ id: "init", result: expect.any(Object) });
  }
  served.write(Buffer.concat([bytesOf(line), NEWLINE]));
  served.write(`${JSON.stringify(message(era, { jsonrpc: "2.0", id: "after", method: healthyMethod(era) }))}\n`);
  const all = await served.finish();
  expect(
    all.find((reply) => reply.id === "after"),
    "the request after the bad line",
  ).toMatchObject({ result: expect.any(Object) });
  return { replies: all.filter((reply) => reply.id !== "init" && reply.id !== "after"), errors: served.errors };
}

/** `logged`: what the server logged meanwhile, shown when the reply is wrong. */
function expectLineOutcome(replies: Reply[], outcome: Outcome, logged: readonly string[]): void {
  const context = logged.length === 0 ? "" : ` (the server logged: ${logged.join("; ")})`;
  if (outcome.reply === "none") {
    expect(replies, `no reply${context}`).toEqual([]);
    return;
  }
  expect(replies, `exactly one reply${context}`).toHaveLength(1);
  const reply = replies[0]!;
  // An unreadable id is left out rather than sent as null: MCP ids are never null (basic/index).
  if (outcome.id === null) expect(reply).not.toHaveProperty("id");
  else expect(reply).toMatchObject({ jsonrpc: "2.0", id: outcome.id });
  switch (outcome.reply) {
    case "error":
      expect(reply).toMatchObject({ error: { code: outcome.code, message: expect.any(String) } });
      expect(JSON.stringify(reply)).not.toMatch(/\\n\s+at /);
      return;
    case "result":
      expect(reply.result).toBeTypeOf("object");
      if (outcome.isError !== undefined) expect((reply.result as { isError?: boolean }).isError ?? false).toBe(outcome.isError);
      return;
    case "answered":
      if ("error" in reply) expect((reply.error as { code: number }).code, JSON.stringify(reply)).not.toBe(-32603);
  }
}

describe.each(ERAS)("stdio: bad messages, %s era", (era) => {
  it.each(BODY_CASES.map((test) => [test.name, test] as const))("%s", async (_name, test) => {
    const { replies, errors } = await repliesTo(era, test.body(era));
    expectLineOutcome(replies, outcomeOf(test, era, "stdio"), errors);
    expect(errors, "errors the server logged").toEqual([]);
  });
});

describe("stdio: framing and floods", () => {
  it("answers a 5 MiB line (stdio has no line limit by default) and then the next one", async () => {
    const served = serveStdio();
    const big = JSON.stringify({ jsonrpc: "2.0", id: "big", method: "ping", params: { pad: "x".repeat(5 * 1024 * 1024) } });
    served.write(`${big}\n${JSON.stringify({ jsonrpc: "2.0", id: "after", method: "ping" })}\n`);
    const replies = await served.finish();
    expect(replies).toEqual([
      { jsonrpc: "2.0", id: "big", result: {} },
      { jsonrpc: "2.0", id: "after", result: {} },
    ]);
  });

  it("reassembles a request written one byte at a time, splitting its multi-byte characters", async () => {
    const served = serveStdio();
    const id = "naïve ☃ 🔑";
    for (const byte of Buffer.from(`${JSON.stringify({ jsonrpc: "2.0", id, method: "ping" })}\r\n`)) {
      served.write(Buffer.of(byte));
      await sleep(0);
    }
    expect(await served.finish()).toEqual([{ jsonrpc: "2.0", id, result: {} }]);
  });

  it("answers a last line cut off by end of input with -32700", async () => {
    const served = serveStdio();
    served.write('{"jsonrpc":"2.0","id":1,"meth');
    expect(await served.finish()).toEqual([{ jsonrpc: "2.0", error: { code: -32700, message: expect.any(String) } }]);
  });

  it("answers each of 1,000 mixed junk lines as due, then the request after them", async () => {
    const served = serveStdio();
    const junk = [
      "{",
      "42",
      "[]",
      '{"jsonrpc":"2.0","method":"x"}',
      "",
      '{"jsonrpc":"2.0","id":null,"method":"ping"}',
      '{"jsonrpc":"2.0","id":7,"result":{}}',
      "\u0000",
    ];
    // Replies due per junk line: parse error, invalid, invalid, none (notification), none (empty), invalid, none (response), parse error.
    const due = [1, 1, 1, 0, 0, 1, 0, 1];
    for (let index = 0; index < 1000; index++) served.write(`${junk[index % junk.length]}\n`);
    served.write(`${JSON.stringify({ jsonrpc: "2.0", id: "after", method: "ping" })}\n`);
    const replies = await served.finish();
    const expected = Array.from({ length: 1000 }, (_, index) => due[index % due.length]!).reduce((sum, count) => sum + count, 0);
    // Replies to unreadable ids carry no id at all (MCP ids are never null).
    expect(replies.filter((reply) => !("id" in reply))).toHaveLength(expected);
    expect(replies.filter((reply) => "id" in reply)).toEqual([{ jsonrpc: "2.0", id: "after", result: {} }]);
    expect(served.errors).toEqual([]);
  });

  it.each(ERAS)("%s: stdout closing while a slow tool runs ends the server without a crash", async (era) => {
    const served = serveStdio();
    if (era === "legacy") {
      served.write(`${JSON.stringify(INITIALIZE)}\n`);
      await served.nextReply();
    }
    served.write(`${JSON.stringify(message(era, { jsonrpc: "2.0", id: "slow", method: "tools/call", params: { name: "sleepy", arguments: {} } }))}\n`);
    await sleep(20);
    served.output.destroy();
    // The reply has nowhere to go: the server notes that stdout closed and finishes once stdin ends.
    await served.finish();
    expect(served.errors.every((error) => error.startsWith("stdout closed"))).toBe(true);
  });
});

describe("stdio: the fixture server as a child process", () => {
  it("survives every bad message of both eras, answers the request after them and exits 0", async () => {
    const server = spawnRaw();
    server.send(INITIALIZE);
    await server.waitFor((line) => line.id === "init");
    for (const era of ERAS) for (const test of BODY_CASES) server.child.stdin.write(Buffer.concat([bytesOf(test.body(era)), NEWLINE]));
    for (const era of ERAS) server.send(message(era, { jsonrpc: "2.0", id: `alive-${era}`, method: healthyMethod(era) }));
    for (const era of ERAS) expect(await server.waitFor((line) => line.id === `alive-${era}`)).toMatchObject({ result: expect.any(Object) });
    expect(await server.finish()).toBe(0);
    expect(server.noise, "stdout lines that are not JSON-RPC").toEqual([]);
  });
});

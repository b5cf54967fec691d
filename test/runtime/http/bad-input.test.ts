/**
 * The bad-input matrix over real loopback HTTP, byte by byte: every kind of bad
 * body, header, method and connection gets the spec's JSON-RPC code and the error
 * table's HTTP status in a JSON body (never HTML, never a stack), logs no server
 * error, and the server keeps serving both eras afterwards.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_HTTP_MAX_BODY_BYTES, type JsonRpcId, type ServerLogger } from "../../../packages/runtime/src/index.js";
import { listenHttp, type HttpListener } from "../../../packages/runtime/src/entries/http.js";
import { routes } from "../../fixtures/runtime/routes.js";
import { cutConnection, rawExchange, rawRequest, requestBytes, writeUntil, type RawRequest, type RawResponse } from "../../helpers/raw-http.js";
import { BODY_CASES, ERAS, healthyMethod, message, outcomeOf, type Era, type Outcome } from "../bad-input-bodies.js";
import { HEADER_CASES, PARSER_CASES, defaultBody, eraHeaders, type HeaderCase } from "./bad-input-headers.js";

interface Fixture {
  readonly port: number;
  /** A live legacy session (protocol 2025-11-25). */
  readonly session: string;
  /** What the server logged as errors: bad input must never land here. */
  readonly errors: string[];
}

/** One listener per describe block, with a legacy session opened over raw HTTP. */
function useFixture(): () => Fixture {
  let listener: HttpListener | undefined;
  let fixture: Fixture | undefined;
  beforeAll(async () => {
    const errors: string[] = [];
    const logger: ServerLogger = { error: (text, error) => errors.push(`${text}: ${String(error)}`), warn: () => {} };
    listener = await listenHttp(routes, { port: 0, logger });
    const port = Number(new URL(listener.url).port);
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: "init",
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    });
    const response = await rawRequest(port, { headers: eraHeaders("legacy", initialize, undefined), body: initialize });
    const session = response?.headers["mcp-session-id"];
    if (session === undefined) throw new Error(`initialize failed: ${JSON.stringify(response)}`);
    fixture = { port, session, errors };
  });
  afterAll(async () => listener?.close());
  return () => {
    if (!fixture) throw new Error("the fixture did not start");
    return fixture;
  };
}

let nextId = 0;

/** POSTs `body` as `era` sends it: within the session, or with the 2026-07-28 metadata headers. */
function post(fixture: Fixture, era: Era, body: string | Buffer, extra: RawRequest = {}): Promise<RawResponse | undefined> {
  const session = era === "legacy" ? fixture.session : undefined;
  return rawRequest(fixture.port, { ...extra, headers: { ...eraHeaders(era, body, session), ...extra.headers }, body });
}

const HTML_OR_STACK = /<html|<!doctype|\n\s+at .+:\d+/i;

/** A response summary that shows the body when an assertion on it fails. */
function summary(response: RawResponse | undefined): { status: number; type: string | undefined; body: string } {
  expect(response, "the server closed the connection without a response").toBeDefined();
  const { status, headers, body } = response!;
  expect(body).not.toMatch(HTML_OR_STACK);
  return { status, type: headers["content-type"], body: body.slice(0, 600) };
}

function jsonOf(response: RawResponse): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}

function expectOutcome(response: RawResponse | undefined, outcome: Outcome): void {
  const seen = summary(response);
  if (outcome.reply === "none") {
    expect(seen).toEqual({ status: 202, type: undefined, body: "" });
    return;
  }
  const status = outcome.reply === "error" ? outcome.status : outcome.reply === "result" ? 200 : seen.status;
  expect(seen).toMatchObject({ status, type: "application/json" });
  const reply = jsonOf(response!);
  // An unreadable id is left out rather than sent as null: MCP ids are never null (basic/index).
  if (outcome.id === null) expect(reply).not.toHaveProperty("id");
  else expect(reply).toMatchObject({ jsonrpc: "2.0", id: outcome.id });
  switch (outcome.reply) {
    case "error":
      expect(reply).toMatchObject({ error: { code: outcome.code, message: expect.any(String) } });
      expect(reply).not.toHaveProperty("result");
      return;
    case "result":
      expect(reply.result).toBeTypeOf("object");
      if (outcome.isError !== undefined) expect((reply.result as { isError?: boolean }).isError ?? false).toBe(outcome.isError);
      return;
    case "answered":
      // Bad input is the client's fault: a 4xx or a result, never a 5xx internal error.
      expect(seen.status, seen.body).toBeLessThan(500);
      if ("error" in reply) expect((reply.error as { code: number }).code).not.toBe(-32603);
  }
}

/** Both eras still get plain results. */
async function expectServing(fixture: Fixture): Promise<void> {
  for (const era of ERAS) {
    const id: JsonRpcId = `alive-${nextId++}`;
    const response = await post(fixture, era, JSON.stringify(message(era, { jsonrpc: "2.0", id, method: healthyMethod(era) })));
    expectOutcome(response, { reply: "result", id });
  }
}

/** Runs `work` and fails if the server logged an error meanwhile; a failure of `work` shows what was logged. */
async function withoutServerErrors(fixture: Fixture, work: () => Promise<void>): Promise<void> {
  const before = fixture.errors.length;
  try {
    await work();
  } catch (error) {
    const logged = fixture.errors.slice(before);
    if (error instanceof Error && logged.length > 0) error.message += `\nThe server logged: ${logged.join("; ")}`;
    throw error;
  }
  expect(fixture.errors.slice(before), "errors the server logged").toEqual([]);
}

describe.each(ERAS)("bad JSON-RPC bodies, %s era", (era) => {
  const fixture = useFixture();

  it.each(BODY_CASES.map((test) => [test.name, test] as const))("%s", async (_name, test) =>
    withoutServerErrors(fixture(), async () => expectOutcome(await post(fixture(), era, test.body(era)), outcomeOf(test, era, "http"))),
  );

  it("still serves both eras afterwards", async () => expectServing(fixture()));
});

describe("body size (default limit 4 MiB)", () => {
  const fixture = useFixture();
  const LIMIT = DEFAULT_HTTP_MAX_BODY_BYTES;
  const OVER = LIMIT + 1024 * 1024;
  const CHUNK = Buffer.alloc(64 * 1024, "x");
  const chunks = function* (total: number, frame: (chunk: Buffer) => Buffer | string = (chunk) => chunk): Generator<Buffer | string> {
    for (let sent = 0; sent < total; sent += CHUNK.length) yield frame(CHUNK);
  };
  const tooLarge = (response: RawResponse | undefined): void => {
    expectOutcome(response, { reply: "error", code: -32007, id: null, status: 413 });
    // The rest of the upload is not read, so the connection cannot be reused.
    expect(response?.headers.connection).toBe("close");
  };

  /** A request every era answers, padded to exactly `size` bytes. */
  const padded = (era: Era, size: number, id: JsonRpcId): string => {
    const fields = (pad: string): Record<string, unknown> => message(era, { jsonrpc: "2.0", id, method: healthyMethod(era), params: { pad } });
    return JSON.stringify(fields("x".repeat(size - Buffer.byteLength(JSON.stringify(fields(""))))));
  };

  it.each(ERAS)("%s: a body of exactly the limit is served", async (era) => {
    const body = padded(era, LIMIT, "at-limit");
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    expectOutcome(await post(fixture(), era, body), { reply: "result", id: "at-limit" });
  });

  it.each(ERAS)("%s: one byte over the limit is 413", async (era) => {
    tooLarge(await post(fixture(), era, padded(era, LIMIT + 1, "over")));
  });

  it("a Content-Length over the limit is refused before any body is sent", async () => {
    const { port } = fixture();
    const head = requestBytes(port, { headers: { ...eraHeaders("stateless", "", undefined), "content-length": String(OVER) } });
    tooLarge(await rawExchange(port, (socket) => void socket.write(head)));
  });

  it("a Content-Length of 10^15 is 413", async () => {
    const { port } = fixture();
    const head = requestBytes(port, { headers: { ...eraHeaders("legacy", "", fixture().session), "content-length": "1000000000000000" } });
    tooLarge(await rawExchange(port, (socket) => void socket.write(head)));
  });

  it("a 5 MiB upload with Content-Length is answered 413 while the client is still sending", async () => {
    const { port, session } = fixture();
    const head = requestBytes(port, { headers: { ...eraHeaders("legacy", "", session), "content-length": String(OVER) } });
    tooLarge(await rawExchange(port, async (socket, answered) => writeUntil(socket, [head, ...chunks(OVER)], answered)));
  });

  it.each(ERAS)("%s: a 5 MiB chunked upload without Content-Length is cut at the limit with 413", async (era) => {
    const { port, session } = fixture();
    const headers = { ...eraHeaders(era, "", era === "legacy" ? session : undefined), "content-length": undefined, "transfer-encoding": "chunked" };
    const head = requestBytes(port, { headers });
    const frame = (chunk: Buffer): Buffer => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    tooLarge(await rawExchange(port, async (socket, answered) => writeUntil(socket, [head, ...chunks(OVER, frame), "0\r\n\r\n"], answered)));
  });

  it("still serves both eras afterwards, having logged no error", async () => {
    await expectServing(fixture());
    expect(fixture().errors).toEqual([]);
  });
});

describe("bad HTTP around good JSON-RPC", () => {
  const fixture = useFixture();
  let ended = "";
  beforeAll(async () => {
    const { port } = fixture();
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    });
    ended = (await rawRequest(port, { headers: eraHeaders("legacy", initialize, undefined), body: initialize }))?.headers["mcp-session-id"] ?? "";
    expect((await rawRequest(port, { method: "DELETE", headers: { "mcp-session-id": ended } }))?.status).toBe(204);
  });

  const send = (test: HeaderCase): Promise<RawResponse | undefined> => {
    const { port, session } = fixture();
    const method = test.method ?? "POST";
    const body = method === "POST" ? (test.body ?? defaultBody(test.era)) : "";
    const which = test.session ?? (test.era === "legacy" ? "live" : "none");
    const id = which === "live" ? session : which === "ended" ? ended : undefined;
    const headers = { ...eraHeaders(test.era, body, id), ...test.headers };
    return rawRequest(port, { method, headers, body, ...(test.httpVersion ? { httpVersion: test.httpVersion } : {}) });
  };

  it.each(HEADER_CASES.map((test) => [`${test.name} → ${test.status}`, test] as const))("%s", async (_name, test) =>
    withoutServerErrors(fixture(), async () => {
      const response = await send(test);
      const seen = summary(response);
      expect(seen).toMatchObject({ status: test.status, type: "application/json" });
      if (test.allow !== undefined) expect(response?.headers.allow).toBe(test.allow);
      if (test.method === "HEAD") return;
      const reply = jsonOf(response!);
      if (test.code === undefined) expect(reply).toMatchObject({ jsonrpc: "2.0", result: expect.any(Object) });
      else expect(reply).toMatchObject({ jsonrpc: "2.0", error: { code: test.code, message: expect.any(String) } });
    }),
  );

  it.each(PARSER_CASES.map((test) => [`${test.name} → ${test.status}`, test] as const))("refused by the HTTP parser: %s", async (_name, test) => {
    const seen = summary(await rawExchange(fixture().port, (socket) => void socket.write(test.bytes)));
    expect(seen.status).toBe(test.status);
    // Node answers these itself, with no body; if one ever carries a body, it must be JSON.
    if (seen.body !== "") expect(seen.type).toBe("application/json");
  });

  it("still serves both eras afterwards", async () => expectServing(fixture()));
});

describe("floods of broken connections", () => {
  const fixture = useFixture();

  /** One connection that goes away early, of every kind in turn, on either era. */
  const cut = (index: number): Promise<void> => {
    const { port, session } = fixture();
    const era = ERAS[index % 2]!;
    const id = `flood-${index}`;
    const body = JSON.stringify(message(era, { jsonrpc: "2.0", id, method: healthyMethod(era) }));
    const headers = eraHeaders(era, body, era === "legacy" ? session : undefined);
    const echo = JSON.stringify(
      message(era, { jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { text: "x", steps: 3 }, _meta: { progressToken: id } } }),
    );
    const head = (extra: RawRequest["headers"]): Buffer => requestBytes(port, { headers: { ...headers, ...extra } });
    const kinds: (() => Promise<void>)[] = [
      () => cutConnection(port, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"),
      () => cutConnection(port, Buffer.concat([head({ "content-length": "1000" }), Buffer.from(body.slice(0, 20))])),
      () =>
        cutConnection(port, Buffer.concat([head({ "content-length": undefined, "transfer-encoding": "chunked" }), Buffer.from(`400\r\n${body.slice(0, 20)}`)])),
      () => cutConnection(port, requestBytes(port, { headers, body })),
      () => cutConnection(port, requestBytes(port, { headers, body }), true),
      () => cutConnection(port, Buffer.concat([head({ "content-length": String(5 * 1024 * 1024) }), Buffer.alloc(64 * 1024, "x")])),
      () => cutConnection(port, requestBytes(port, { headers: eraHeaders(era, echo, era === "legacy" ? session : undefined), body: echo })),
    ];
    return kinds[index % kinds.length]!();
  };

  it("survives 300 connections cut mid-headers, mid-body, mid-chunk, mid-upload or right after the request", async () =>
    withoutServerErrors(fixture(), async () => {
      for (let round = 0; round < 6; round++) await Promise.all(Array.from({ length: 50 }, (_, index) => cut(round * 50 + index)));
      await expectServing(fixture());
    }));

  it.each(ERAS)("%s: survives clients that hang up while a slow tool runs", async (era) =>
    withoutServerErrors(fixture(), async () => {
      const { port, session } = fixture();
      const ids = Array.from({ length: 10 }, (_, index) => `${era}-sleepy-${index}`);
      await Promise.all(
        ids.map((id) => {
          const body = JSON.stringify(message(era, { jsonrpc: "2.0", id, method: "tools/call", params: { name: "sleepy", arguments: {} } }));
          const bytes = requestBytes(port, { headers: eraHeaders(era, body, era === "legacy" ? session : undefined), body });
          // Hang up once the call is under way (the fixture's sleepy tool waits until aborted, at most 100 ms).
          return rawExchange(port, async (socket) => {
            socket.write(bytes);
            await sleep(20);
            socket.destroy();
          });
        }),
      );
      if (era === "legacy") {
        // The session lets go of the abandoned calls: their ids become usable again.
        for (const id of ids) {
          let reply: Record<string, unknown> = {};
          for (let attempt = 0; attempt < 100 && !("result" in reply); attempt++) {
            if (attempt > 0) await sleep(20);
            const response = await post(fixture(), "legacy", JSON.stringify({ jsonrpc: "2.0", id, method: "ping" }));
            reply = response === undefined ? {} : jsonOf(response);
          }
          expect(reply).toEqual({ jsonrpc: "2.0", id, result: {} });
        }
      }
      await expectServing(fixture());
    }),
  );

  it("serves other clients while slow-loris clients dribble their requests a byte at a time", async () =>
    withoutServerErrors(fixture(), async () => {
      const { port, session } = fixture();
      const stop = new AbortController();
      const dribble = (bytes: Buffer | undefined): Promise<RawResponse | undefined> =>
        rawExchange(port, async (socket, answered) => {
          stop.signal.addEventListener("abort", () => socket.destroy(), { once: true });
          // Without bytes: a header that never ends (the server's own bound is its 30 s headers timeout).
          const source = bytes ?? Buffer.from(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${"a".repeat(100_000)}`);
          for (const byte of source) {
            if (answered.aborted || stop.signal.aborted) return;
            socket.write(Buffer.of(byte));
            await sleep(1);
          }
        });
      const stalled = Array.from({ length: 6 }, () => dribble(undefined));
      const slow = ERAS.map((era) => {
        const body = JSON.stringify(message(era, { jsonrpc: "2.0", id: `slow-${era}`, method: healthyMethod(era) }));
        return dribble(requestBytes(port, { headers: eraHeaders(era, body, era === "legacy" ? session : undefined), body }));
      });
      for (let round = 0; round < 5; round++) await expectServing(fixture());
      const answers = await Promise.all(slow);
      ERAS.forEach((era, index) => expectOutcome(answers[index], { reply: "result", id: `slow-${era}` }));
      stop.abort();
      expect(await Promise.all(stalled)).toEqual(stalled.map(() => undefined));
      await expectServing(fixture());
    }));
});

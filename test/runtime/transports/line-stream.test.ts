/** The newline-delimited framing that stdio, TCP and Unix sockets share. */
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createServer, runStdio, type ServerLogger } from "../../../packages/runtime/src/index.js";
import { LineSplitter } from "../../../packages/runtime/src/transports/line-stream.js";
import { routes } from "../../fixtures/runtime/routes.js";

function split(chunks: (string | Buffer)[], maxLineBytes?: number): { lines: string[]; ok: boolean } {
  const splitter = new LineSplitter(maxLineBytes);
  const lines: string[] = [];
  let ok = true;
  for (const chunk of chunks) ok &&= splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk, (line) => lines.push(line.toString("utf8")));
  if (ok) splitter.finish((line) => lines.push(line.toString("utf8")));
  return { lines, ok };
}

const euro = Buffer.from("€"); // three bytes

describe("LineSplitter", () => {
  it.each([
    ["one line per newline", ["a\nb\n"], ["a", "b"]],
    ["a line across chunks", ['{"a"', ":1}\n"], ['{"a":1}']],
    ["CRLF line ends", ["a\r\nb\r\n"], ["a", "b"]],
    ["a last line without its newline", ["a\nb"], ["a", "b"]],
    ["blank lines, kept for the caller to skip", ["\n\n"], ["", ""]],
    ["a multi-byte character split across chunks", [euro.subarray(0, 1), Buffer.concat([euro.subarray(1), Buffer.from("\n")])], ["€"]],
  ])("%s", (_name, chunks, lines) => {
    expect(split(chunks)).toEqual({ lines, ok: true });
  });

  it.each([
    ["a line of exactly the limit passes", ["abcd\n"], 4, { lines: ["abcd"], ok: true }],
    ["one byte more fails", ["abcde\n"], 4, { lines: [], ok: false }],
    ["an endless line fails before its newline comes", ["ab", "cd", "e"], 4, { lines: [], ok: false }],
    ["lines before the long one are still emitted", ["ok\nabcdefgh"], 4, { lines: ["ok"], ok: false }],
    ["the limit counts bytes, not characters", [Buffer.concat([euro, euro, Buffer.from("\n")])], 5, { lines: [], ok: false }],
  ])("%s", (_name, chunks, limit, expected) => {
    expect(split(chunks, limit)).toEqual(expected);
  });
});

describe("runStdio maxLineBytes", () => {
  it("answers a too-long line with -32007 and ends the session after replying to what came before", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (chunk: Buffer) => (text += chunk.toString()));
    const logger: ServerLogger = { error: () => {}, warn: () => {} };
    const done = runStdio(createServer(routes, { logger }), { input, output, logger, maxLineBytes: 100 });
    input.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })}\n`);
    input.write("x".repeat(500));
    await done;
    const replies = text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // Requests run concurrently, so the two replies may come in either order.
    expect(replies).toHaveLength(2);
    expect(replies).toContainEqual({ jsonrpc: "2.0", id: 1, result: {} });
    expect(replies).toContainEqual({ jsonrpc: "2.0", error: { code: -32007, message: "Payload Too Large: a message may be at most 100 bytes" } });
  });
});

describe("serving a line stream", () => {
  it("answers the requests of one read in one write, and a later request in its own", async () => {
    const input = new PassThrough();
    const writes: string[] = [];
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        // The empty write is how the stream waits for the output to drain at the end.
        if (chunk.length > 0) writes.push(chunk.toString());
        callback();
      },
      writev(chunks, callback) {
        writes.push(chunks.map(({ chunk }) => String(chunk)).join(""));
        callback();
      },
    });
    const logger: ServerLogger = { error: () => {}, warn: () => {} };
    const done = runStdio(createServer(routes, { logger }), { input, output, logger });
    const ping = (id: number): string => `${JSON.stringify({ jsonrpc: "2.0", id, method: "ping" })}\n`;
    input.write(Array.from({ length: 20 }, (_, index) => ping(index + 1)).join(""));
    await new Promise((resolve) => setTimeout(resolve, 50));
    input.write(ping(21));
    await new Promise((resolve) => setTimeout(resolve, 50));
    input.end();
    await done;
    expect(writes).toHaveLength(2);
    expect(
      writes[0]!
        .split("\n")
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { id: number }).id),
    ).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(JSON.parse(writes[1]!)).toEqual({ jsonrpc: "2.0", id: 21, result: {} });
  });
});

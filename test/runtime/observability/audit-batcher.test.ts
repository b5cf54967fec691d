import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { AuditBatcher } from "../../../packages/runtime/src/observability/audit-batcher.js";

/** A sink that records each write it is handed. */
function recordingSink(): { writes: string[]; write(chunk: string): void } {
  const writes: string[] = [];
  return { writes, write: (chunk) => void writes.push(chunk) };
}

describe("AuditBatcher", () => {
  it("hands the lines of one window to the sink as one write, in order", async () => {
    const sink = recordingSink();
    const batcher = new AuditBatcher(sink, 20);
    batcher.write("a\n");
    batcher.write("b\n");
    await sleep(0);
    batcher.write("c\n");
    expect(sink.writes).toEqual([]);
    await sleep(60);
    expect(sink.writes).toEqual(["a\nb\nc\n"]);
    batcher.write("d\n");
    await sleep(60);
    expect(sink.writes).toEqual(["a\nb\nc\n", "d\n"]);
  });

  it("writes at once when the batch reaches its size cap, and waits for nothing after", async () => {
    const sink = recordingSink();
    const batcher = new AuditBatcher(sink, 10_000, 6);
    batcher.write("abc\n");
    expect(sink.writes).toEqual([]);
    batcher.write("def\n");
    expect(sink.writes).toEqual(["abc\ndef\n"]);
    // The window's timer went with the batch: nothing is pending, so nothing keeps the process alive.
    batcher.write("g\n");
    batcher.drain();
    expect(sink.writes).toEqual(["abc\ndef\n", "g\n"]);
    await sleep(30);
    expect(sink.writes).toHaveLength(2);
  });

  it("drain() writes what is waiting now and nothing when nothing is", () => {
    const sink = recordingSink();
    const batcher = new AuditBatcher(sink, 10_000);
    batcher.drain();
    batcher.write("x\n");
    batcher.drain();
    batcher.drain();
    expect(sink.writes).toEqual(["x\n"]);
  });
});

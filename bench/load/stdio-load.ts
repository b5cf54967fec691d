/**
 * Load over stdio: the harness is the client on the server's stdin/stdout. After the
 * 2025-11-25 handshake it keeps `inFlight` requests outstanding (1: one call at a
 * time, as a single agent does; more: pipelined) for a fixed duration, checks every
 * answer and records each round trip.
 */
import { performance } from "node:perf_hooks";
import type { Readable, Writable } from "node:stream";
import { LatencyRecorder } from "./latency.js";
import { INITIALIZE_BODY, INITIALIZED_BODY, stdioLine, type Operation } from "./mcp-requests.js";
import type { LoadResult } from "./results.js";

export interface StdioLoadOptions {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly operation: Operation;
  readonly marker: string;
  readonly inFlight: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly serverCpu?: () => Promise<number>;
}

/** Splits stdout into lines and hands each to the current listener. */
class LineReader {
  private buffer = "";
  listener: (line: string) => void = () => undefined;

  constructor(stdout: Readable) {
    stdout.setEncoding("utf8");
    stdout.on("data", (chunk: string) => {
      this.buffer += chunk;
      let newline = this.buffer.indexOf("\n");
      while (newline !== -1) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        if (line.trim() !== "") this.listener(line);
        newline = this.buffer.indexOf("\n");
      }
    });
  }
}

const readers = new WeakMap<Readable, LineReader>();

/** How long past its end a run waits for the last answers. */
const STALL_MS = 10_000;

function readerOf(stdout: Readable): LineReader {
  let reader = readers.get(stdout);
  if (reader === undefined) {
    reader = new LineReader(stdout);
    readers.set(stdout, reader);
  }
  return reader;
}

/** The handshake; resolves once `initialize` is answered and `initialized` sent. */
export function stdioHandshake(stdin: Writable, stdout: Readable): Promise<void> {
  const reader = readerOf(stdout);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no answer to initialize on stdio within 30 s")), 30_000);
    reader.listener = (line) => {
      if (!line.includes('"id":0')) return;
      clearTimeout(timer);
      stdin.write(`${INITIALIZED_BODY}\n`);
      resolve();
    };
    stdin.write(`${INITIALIZE_BODY}\n`);
  });
}

function phase(
  options: StdioLoadOptions,
  seconds: number,
  recorder: LatencyRecorder | undefined,
): Promise<{ total: number; failures: number; elapsedMs: number }> {
  const reader = readerOf(options.stdout);
  const sentAt = new Map<number, number>();
  let nextId = 1;
  let total = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  return new Promise((resolve) => {
    const send = (): void => {
      const id = nextId++;
      sentAt.set(id, performance.now());
      options.stdin.write(stdioLine(options.operation, id));
    };
    // A server that stops answering must not stall the run: what is still unanswered
    // this long after the deadline counts as failed.
    const watchdog = setTimeout(() => resolve({ total, failures: failures + sentAt.size, elapsedMs: performance.now() - started }), seconds * 1000 + STALL_MS);
    reader.listener = (line) => {
      const idMatch = /"id":(\d+)/.exec(line);
      const id = idMatch === null ? Number.NaN : Number(idMatch[1]);
      const sent = sentAt.get(id);
      if (sent === undefined) return; // a notification or a stray answer
      sentAt.delete(id);
      const now = performance.now();
      recorder?.record(now - sent);
      total += 1;
      if (!line.includes(options.marker)) failures += 1;
      if (now < deadline) send();
      else if (sentAt.size === 0) {
        clearTimeout(watchdog);
        resolve({ total, failures, elapsedMs: now - started });
      }
    };
    for (let i = 0; i < options.inFlight; i++) send();
  });
}

export async function stdioLoad(options: StdioLoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await phase(options, options.warmupSeconds, undefined);
  const recorder = new LatencyRecorder();
  const cpuBefore = await options.serverCpu?.();
  const { total, failures, elapsedMs } = await phase(options, options.durationSeconds, recorder);
  const cpuAfter = await options.serverCpu?.();
  const { p50, p99 } = recorder.percentiles();
  const cpu = cpuBefore === undefined || cpuAfter === undefined || total === 0 ? {} : { serverCpuMicros: (cpuAfter - cpuBefore) / total };
  return { requestsPerSecond: (total * 1000) / elapsedMs, p50Ms: p50, p99Ms: p99, total, failures, ...cpu };
}

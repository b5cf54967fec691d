/** createLifecycle and installSignalHandlers in process: the order of the phases, deadlines, failures, signals. */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLifecycle, forcedExitCode, installSignalHandlers, type ServerLogger } from "../../../packages/runtime/src/index.js";

function recordingLogger(): ServerLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, error: (message) => lines.push(`error: ${message}`), warn: (message) => lines.push(`warn: ${message}`) };
}

describe("createLifecycle", () => {
  it("runs onDrain, then the close hooks with the deadline, then beforeExit in order, and reports exit code 0", async () => {
    const events: string[] = [];
    const lifecycle = createLifecycle({
      drainTimeoutMs: 5_000,
      onReady: [() => void events.push("ready")],
      onDrain: [() => void events.push("readiness off")],
      beforeExit: [{ name: "store", run: async () => void events.push("store flushed") }],
      logger: recordingLogger(),
    });
    lifecycle.onClose(async (drainTimeoutMs) => {
      events.push(`close within ${drainTimeoutMs > 4_000 && drainTimeoutMs <= 5_000 ? "the deadline" : drainTimeoutMs}`);
      expect(lifecycle.draining.aborted).toBe(true);
      await sleep(10);
    });
    lifecycle.beforeExit({ name: "logger", run: () => void events.push("logger flushed") });
    await lifecycle.markReady();
    await lifecycle.markReady();
    expect(lifecycle.state).toBe("ready");
    const report = await lifecycle.shutdown("test");
    expect(events).toEqual(["ready", "readiness off", "close within the deadline", "store flushed", "logger flushed"]);
    expect(report).toEqual({ reason: "test", exitCode: 0, drained: true, failures: [] });
    expect(lifecycle.state).toBe("stopped");
    expect(lifecycle.draining.reason).toBe("test");
  });

  it("returns the same shutdown to every caller and refuses hooks once it has begun", async () => {
    const lifecycle = createLifecycle({ logger: recordingLogger() });
    const first = lifecycle.shutdown("first");
    expect(lifecycle.shutdown("second")).toBe(first);
    expect((await first).reason).toBe("first");
    expect(() => lifecycle.onClose(async () => {})).toThrow(/shutdown has begun/);
    expect(() => lifecycle.onDrain(() => {})).toThrow(/shutdown has begun/);
    expect(() => lifecycle.beforeExit({ name: "late", run: () => {} })).toThrow(/beforeExit hooks are running/);
    await lifecycle.markReady();
    expect(lifecycle.state).toBe("stopped");
  });

  it("moves on when a close hook outlives the deadline and reports it was not drained", async () => {
    const logger = recordingLogger();
    const lifecycle = createLifecycle({ drainTimeoutMs: 50, logger });
    lifecycle.onClose(() => sleep(150));
    const report = await lifecycle.shutdown();
    expect(report).toMatchObject({ exitCode: 0, drained: false, failures: [] });
    expect(logger.lines).toContain("warn: shutdown: requests still in flight after 50 ms are being cut");
  });

  it("exits 1 when a hook fails or a beforeExit hook runs out of time, and still runs the rest", async () => {
    const logger = recordingLogger();
    const flushed = vi.fn();
    const lifecycle = createLifecycle({
      logger,
      onDrain: [
        () => {
          throw new Error("health is gone");
        },
      ],
      beforeExit: [
        { name: "stuck", run: () => new Promise(() => {}), timeoutMs: 20 },
        { name: "broken", run: () => Promise.reject(new Error("disk full")) },
        { name: "fine", run: flushed },
      ],
    });
    const report = await lifecycle.shutdown();
    expect(report.exitCode).toBe(1);
    expect(report.failures).toEqual(["onDrain #1", 'beforeExit "stuck"', 'beforeExit "broken"']);
    expect(flushed).toHaveBeenCalledOnce();
    expect(logger.lines).toEqual([
      "error: shutdown: onDrain hook #1 failed",
      'error: shutdown: beforeExit hook "stuck" did not finish within 20 ms',
      'error: shutdown: beforeExit hook "broken" failed',
    ]);
  });

  it.each([
    [{ drainTimeoutMs: -1 }, /drainTimeoutMs must be an integer number of milliseconds from 0/],
    [{ drainTimeoutMs: 1.5 }, /drainTimeoutMs must be an integer/],
    [{ beforeExit: [{ name: "", run: () => {} }] }, /a beforeExit hook needs a name/],
    [{ beforeExit: [{ name: "x", run: () => {}, timeoutMs: Number.NaN }] }, /beforeExit hook "x" timeoutMs must be an integer/],
  ] as const)("refuses bad options at creation: %j", (options, message) => {
    expect(() => createLifecycle(options)).toThrow(message);
  });
});

describe("installSignalHandlers", () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => uninstall?.());

  it("shuts down on the first signal and exits with the report's code; a second signal exits at once with 128 + N", async () => {
    const logger = recordingLogger();
    const lifecycle = createLifecycle({ logger });
    let release: () => void = () => {};
    let closing: () => void = () => {};
    const closeStarted = new Promise<void>((resolve) => (closing = resolve));
    lifecycle.onClose(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
          closing();
        }),
    );
    const exit = vi.fn();
    // SIGUSR2: emitted by hand, so nothing else in the test process reacts to it.
    uninstall = installSignalHandlers(lifecycle, { signals: ["SIGUSR2"], exit, logger });
    process.emit("SIGUSR2", "SIGUSR2");
    expect(lifecycle.state).toBe("draining");
    process.emit("SIGUSR2", "SIGUSR2");
    expect(exit).toHaveBeenCalledWith(forcedExitCode("SIGUSR2"));
    await closeStarted;
    release();
    await lifecycle.shutdown();
    await sleep(0);
    expect(exit.mock.calls).toEqual([[140], [0]]);
    expect(logger.lines[0]).toMatch(/^warn: SIGUSR2: shutting down; requests in flight get up to 10000 ms/);
    expect(logger.lines[1]).toBe("warn: SIGUSR2 again: exiting now without finishing the shutdown");
  });

  it("removes its handlers when uninstalled", () => {
    const before = process.listenerCount("SIGUSR2");
    const remove = installSignalHandlers(createLifecycle(), { signals: ["SIGUSR2"], exit: () => {} });
    expect(process.listenerCount("SIGUSR2")).toBe(before + 1);
    remove();
    expect(process.listenerCount("SIGUSR2")).toBe(before);
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s forces exit code %i", (signal, code) => {
    expect(forcedExitCode(signal)).toBe(code);
  });
});

/** `--drain-timeout <ms>`: every transport takes it; bad values fail with a clear message. */
import { describe, expect, it } from "vitest";
import { parseMainArgs } from "../../../packages/runtime/src/index.js";

describe("--drain-timeout", () => {
  it.each([
    [["--drain-timeout", "5000"], { transport: "stdio", drainTimeoutMs: 5000 }],
    [["-t", "http", "--port", "0", "--drain-timeout", "0"], { transport: "http", port: 0, drainTimeoutMs: 0 }],
    [["-t", "ws", "--drain-timeout", "250"], { transport: "ws", drainTimeoutMs: 250 }],
    [["-t", "tcp", "--drain-timeout", "30000"], { transport: "tcp", drainTimeoutMs: 30000 }],
    [["-t", "unix", "--socket", "/tmp/x.sock", "--drain-timeout", "1"], { transport: "unix", socket: "/tmp/x.sock", drainTimeoutMs: 1 }],
  ] as const)("%j → %j", (argv, parsed) => {
    expect(parseMainArgs(argv)).toEqual(parsed);
  });

  it.each(["-1", "1.5", "10s", "", "2147483648"])("refuses %j", (value) => {
    expect(() => parseMainArgs([`--drain-timeout=${value}`])).toThrow(/--drain-timeout must be a whole number of milliseconds from 0 to 2147483647/);
  });
});

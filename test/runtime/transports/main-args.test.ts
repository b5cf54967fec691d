/** `--transport` and the flags of each transport, as `runMain` reads them. */
import { describe, expect, it } from "vitest";
import { parseMainArgs } from "../../../packages/runtime/src/index.js";

describe("parseMainArgs for the socket transports", () => {
  it.each([
    [["--transport", "ws"], { transport: "ws" }],
    [
      ["-t", "ws", "--host", "::1", "--port", "0", "--path", "/rpc", "--allowed-host", "a.example", "--allowed-origin", "https://a.example"],
      { transport: "ws", host: "::1", port: 0, path: "/rpc", allowedHosts: ["a.example"], allowedOrigins: ["https://a.example"] },
    ],
    [["--transport", "tcp"], { transport: "tcp" }],
    [["--transport", "tcp", "--host", "127.0.0.2", "--port", "7000"], { transport: "tcp", host: "127.0.0.2", port: 7000 }],
    [["--transport", "unix", "--socket", "/tmp/mcp.sock"], { transport: "unix", socket: "/tmp/mcp.sock" }],
  ] as const)("%j → %j", (argv, parsed) => {
    expect(parseMainArgs(argv)).toEqual(parsed);
  });

  it.each([
    [["--transport", "unix"], /--transport unix needs --socket <path>/],
    [["--transport", "unix", "--socket", "/tmp/x.sock", "--port", "1"], /--port applies only to --transport http, ws or tcp/],
    [["--transport", "tcp", "--path", "/mcp"], /--path applies only to --transport http or ws/],
    [["--transport", "tcp", "--allowed-origin", "https://a.example"], /--allowed-origin applies only to --transport http or ws/],
    [["--transport", "ws", "--socket", "/tmp/x.sock"], /--socket applies only to --transport unix/],
    [["--socket", "/tmp/x.sock"], /--socket applies only to --transport unix/],
    [["--transport", "tcp", "--port", "65536"], /--port must be an integer from 0 to 65535/],
  ] as const)("%j fails with a clear message", (argv, message) => {
    expect(() => parseMainArgs(argv)).toThrow(message);
  });
});

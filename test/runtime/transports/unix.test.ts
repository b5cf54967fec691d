/** The shared transport suite over a Unix socket, driven by the line-based client in test/helpers. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { LineClientTransport, openLineChannel, socketAddress } from "../../helpers/line-client.js";
import { serveProcess } from "./served.js";
import { transportSuite } from "./transport-suite.js";

const dir = mkdtempSync(path.join(tmpdir(), "mcp-unix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let servers = 0;

transportSuite({
  name: "Unix socket",
  async start(entry) {
    const socket = path.join(dir, `server-${++servers}.sock`);
    const served = await serveProcess(entry, ["--transport", "unix", "--socket", socket], "Unix socket");
    return {
      clientTransport: () => new LineClientTransport(socketAddress(served.url)),
      raw: () => openLineChannel(socketAddress(served.url)),
      stderr: served.stderr,
      stop: served.stop,
    };
  },
});

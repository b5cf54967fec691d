/**
 * A server whose stderr reader went away (the process that started it exited, or
 * closed the pipe) must keep serving and still exit on SIGTERM: its audit lines and
 * logs then fail with EPIPE, and reporting those failures on the same stderr must not
 * turn into a loop that pins a core and keeps the process alive (seen with test
 * servers outliving their runner).
 */
import { describe, expect, it } from "vitest";
import { callTool, start, token } from "./kit.js";

describe("a server that lost its stderr", { timeout: 60_000 }, () => {
  it("serves on, and drains and exits 0 on SIGTERM", async () => {
    const server = await start(["--transport", "http", "--port", "0"]);
    try {
      server.child.stderr?.destroy();
      const jwt = await token("hal", "notes:read");
      // Each call writes an audit line to the closed pipe.
      for (let call = 0; call < 5; call++) expect((await callTool(server.url, "whoami", jwt)).status).toBe(200);
      // Bounded, so a server stuck in the loop fails the test instead of outliving it.
      const stillRunning = new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 15_000).unref());
      expect(await Promise.race([server.stop(), stillRunning])).toBe(0);
    } finally {
      server.child.kill("SIGKILL");
    }
  });
});

/** The shared transport suite over stdio: the official SDK's stdio client spawns each server. */
import { spawn } from "node:child_process";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ReplyQueue, lineParser, streamChannel } from "../../helpers/raw-channel.js";
import { REPO_ROOT, entryArgs, track } from "./served.js";
import { transportSuite } from "./transport-suite.js";

transportSuite({
  name: "stdio",
  async start(entry) {
    let stderr = "";
    const exits: Promise<number | null>[] = [];
    const ends: (() => void)[] = [];
    return {
      clientTransport() {
        const transport = new StdioClientTransport({
          command: process.execPath,
          args: entryArgs(entry, "--transport", "stdio"),
          cwd: REPO_ROOT,
          stderr: "pipe",
        });
        transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        return transport;
      },
      async raw() {
        const child = spawn(process.execPath, entryArgs(entry, "--transport", "stdio"), { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] });
        track(child);
        const queue = new ReplyQueue();
        child.stdout.on("data", lineParser(queue));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        exits.push(new Promise((resolve) => child.once("exit", (code) => resolve(code))));
        child.once("exit", () => queue.close("the server exited"));
        const end = (): void => void child.stdin.end();
        ends.push(end);
        return streamChannel(
          queue,
          (text) => child.stdin.write(`${text}\n`),
          async () => end(),
        );
      },
      stderr: () => stderr,
      // A stdio server's life is its client's: stdin EOF is how it is told to stop.
      async stop() {
        for (const end of ends) end();
        const codes = await Promise.all(exits);
        return codes.find((code) => code !== 0) ?? 0;
      },
    };
  },
});

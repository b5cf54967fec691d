/**
 * The README, run literally from a clone: the set-up command of "The two commands",
 * then every step of the "Five-minute tutorial" in order. Shell blocks are run as
 * written; a plain block right after a shell block is output the command must print;
 * the JSON block is the tool added to manifest.json and the TypeScript block is the
 * file the paragraph before it names. Commands that serve (npm start, npm run dev) are
 * started and spoken to over stdio with a JSON-RPC `initialize` and a `tools/call`.
 *
 * The "clone" is a copy of every file git would check out (tracked and not ignored),
 * so uncommitted work is tried too. Slow (npm ci and builds), so it is one test.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { exec } from "../helpers/exec.js";
import { repoRoot } from "../helpers/scratch.js";
import { markdownSection, type MarkdownBlock } from "../helpers/markdown.js";

const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
const clone = mkdtempSync(path.join(os.tmpdir(), "turbomcp-readme-"));
afterAll(() => rmSync(clone, { recursive: true, force: true }));

/** The npm cache serves what it has, as on a machine that installed before; the commands stay as written. */
const env = { ...process.env, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false" };

async function copyCheckout(): Promise<void> {
  const listed = await exec("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, timeoutMs: 30_000 });
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    const from = path.join(repoRoot, file);
    const to = path.join(clone, file);
    mkdirSync(path.dirname(to), { recursive: true });
    try {
      cpSync(from, to, { verbatimSymlinks: true });
    } catch (error) {
      // A tracked file deleted in the working tree is not part of the checkout.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}

/** Runs a serving command, asks it to initialize and call `tool`, and stops it. Lines that are not JSON (npm's banner) are skipped. */
async function talkTo(command: string, cwd: string, tool: { name: string; arguments: Record<string, unknown> }): Promise<unknown> {
  const child = spawn("sh", ["-c", command], { cwd, env, stdio: ["pipe", "pipe", "pipe"], detached: true });
  const replies = new Map<number, unknown>();
  let stderr = "";
  let buffered = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command}: no reply within 120 s\n${stderr}`)), 120_000);
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line.startsWith("{")) continue;
        const message = JSON.parse(line) as { id?: number; result?: unknown; error?: unknown };
        if (typeof message.id === "number") replies.set(message.id, message.result ?? message.error);
        if (message.id === 1) {
          child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
          child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: tool })}\n`);
        }
        if (message.id === 2) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.once("exit", (code) => reject(new Error(`${command} exited with ${String(code)} before replying\n${stderr}`)));
  });
  const initialize = { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "readme-test", version: "1.0.0" } };
  child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: initialize })}\n`);
  try {
    await done;
  } finally {
    // The whole process group: npm and the server it started.
    if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
  }
  return replies.get(2);
}

/** Serving commands never finish by themselves; everything else runs to completion. */
const SERVES = /^npm (start|run dev)$/;

/** Runs one shell block line by line (`cd` moves on, `a && b` runs both), checking the output block after it. */
async function runShell(block: MarkdownBlock, expectedOutput: string | undefined, state: { cwd: string }): Promise<void> {
  let printed = "";
  for (const raw of block.code.split("\n")) {
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (line === "" || line.startsWith("#")) continue;
    for (const command of line.split("&&").map((part) => part.trim())) {
      if (command.startsWith("cd ")) {
        state.cwd = path.resolve(state.cwd, command.slice(3).trim());
      } else if (SERVES.test(command)) {
        // The tutorial project's example tool, which `init` wrote.
        const reply = (await talkTo(command, state.cwd, { name: "greet", arguments: { name: "Ada" } })) as { structuredContent?: unknown };
        expect(reply.structuredContent, command).toEqual({ greeting: "Hello, Ada!" });
      } else {
        const result = await exec("sh", ["-c", command], { cwd: state.cwd, timeoutMs: 600_000, env });
        printed += result.stdout + result.stderr;
      }
    }
  }
  for (const expected of (expectedOutput ?? "").split("\n").filter((text) => text.trim() !== "")) {
    expect(printed, `the README's output of: ${block.code.trim()}`).toContain(expected.trim());
  }
}

it("the README's set-up and five-minute tutorial work as written, from a clone", async () => {
  await copyCheckout();
  const state = { cwd: clone };

  // "The two commands": the set-up half (npm ci) and the example server (npm start).
  const twoCommands = markdownSection(readme, "The two commands").filter((block) => block.lang === "sh");
  expect(twoCommands.length).toBeGreaterThan(0);
  const [serverLine] = (twoCommands[0]?.code ?? "").split("\n");
  const [setup, serve] = (serverLine ?? "")
    .replace(/\s+#.*$/, "")
    .split("&&")
    .map((part) => part.trim());
  expect([setup, serve]).toEqual(["npm ci", "npm start"]);
  await runShell({ lang: "sh", code: "npm ci", before: "" }, undefined, state);
  const sum = (await talkTo("npm start", clone, { name: "add", arguments: { a: 2, b: 3 } })) as { content?: unknown };
  expect(sum.content).toEqual([{ type: "text", text: "5" }]);

  const blocks = markdownSection(readme, "Five-minute tutorial");
  expect(blocks.map((block) => block.lang)).toEqual(["sh", "sh", "json", "sh", "", "ts", "sh"]);
  for (const [index, block] of blocks.entries()) {
    const next = blocks[index + 1];
    if (block.lang === "sh") {
      await runShell(block, next?.lang === "" ? next.code : undefined, state);
    } else if (block.lang === "json") {
      const manifestFile = path.join(state.cwd, "manifest.json");
      const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { tools: unknown[] };
      manifest.tools.push(JSON.parse(block.code));
      writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    } else if (block.lang === "ts") {
      const named = /`(src\/[^`]+\.ts)`/.exec(block.before)?.[1];
      expect(named, "the paragraph before the handler names its file").toBeDefined();
      writeFileSync(path.join(state.cwd, named ?? ""), block.code);
    }
  }
}, 1_200_000);

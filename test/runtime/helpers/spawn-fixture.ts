/**
 * Spawning the fixture server the way a user's MCP client would: `node` running
 * the TypeScript entry through tsx, resolving `@turbomcp/runtime` to the sources.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const FIXTURE_ENTRY = fileURLToPath(new URL("../../fixtures/runtime/server.ts", import.meta.url));

export function fixtureArgs(...extra: string[]): string[] {
  return ["--import", "tsx", "--conditions=turbomcp-source", FIXTURE_ENTRY, ...extra];
}

export interface RawServer {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far, parsed. */
  readonly lines: unknown[];
  /** stdout lines that were not JSON: must stay empty, stdout is the JSON-RPC channel. */
  readonly noise: string[];
  stderr(): string;
  /** Resolves with the first line that satisfies `predicate`. */
  waitFor(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  send(message: object | string): void;
  /** Ends stdin and resolves with the exit code. */
  finish(): Promise<number | null>;
}

export function spawnRaw(args: string[] = fixtureArgs("--transport", "stdio")): RawServer {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] });
  const lines: unknown[] = [];
  const noise: string[] = [];
  let stderr = "";
  let buffer = "";
  const waiters = new Set<() => void>();
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf("\n")) !== -1) {
      const line = buffer.slice(0, newline);
      try {
        lines.push(JSON.parse(line));
      } catch {
        noise.push(line);
      }
      buffer = buffer.slice(newline + 1);
    }
    for (const wake of waiters) wake();
  });
  let hasExited = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      hasExited = true;
      for (const wake of waiters) wake();
      resolve(code);
    }),
  );
  return {
    child,
    lines,
    noise,
    stderr: () => stderr,
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.find(
            (line): line is Record<string, unknown> => typeof line === "object" && line !== null && predicate(line as Record<string, unknown>),
          );
          if (!found) {
            if (hasExited) fail("the server exited");
            return;
          }
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const fail = (why: string): void => {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`${why} before the expected line; got ${JSON.stringify(lines)}; stderr: ${stderr}`));
        };
        const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
        waiters.add(check);
        check();
      });
    },
    send(message) {
      child.stdin.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`);
    },
    finish() {
      child.stdin.end();
      return exited;
    },
  };
}

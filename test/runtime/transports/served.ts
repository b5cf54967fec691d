/**
 * Server processes for the transport suite: an entry script (a generated
 * `server.gen.ts` or the fixture's) run through `runMain` in a real child process,
 * the way an operator starts it, found again through the endpoint line on stderr.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { FIXTURE_ENTRY, REPO_ROOT } from "../helpers/spawn-fixture.js";

export { FIXTURE_ENTRY, REPO_ROOT };
export const CALCULATOR_ENTRY = fileURLToPath(new URL("../../../examples/calculator/src/generated/server.gen.ts", import.meta.url));

/** `node` running a TypeScript entry through tsx, with `@turbomcp/runtime` resolved to the sources. */
export function entryArgs(entry: string, ...extra: string[]): string[] {
  return ["--import", "tsx", "--conditions=turbomcp-source", entry, ...extra];
}

export interface ServedProcess {
  readonly child: ChildProcess;
  /** The endpoint the server printed (`ws://…`, `tcp://…`, `unix:…`, `http://…`). */
  readonly url: string;
  readonly stderr: () => string;
  /** SIGTERM, as an operator or a supervisor stops it; resolves with the exit code. */
  readonly stop: () => Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Registers a child that `killLeftovers` kills if a test fails before it ends. */
export function track(child: ChildProcess): void {
  running.add(child);
  child.once("exit", () => running.delete(child));
}

/** Kills what a failed test left running; call from afterAll. */
export function killLeftovers(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

/** Starts `entry` with `args` and resolves once it prints `MCP endpoint (<name>): <url>`. */
export async function serveProcess(entry: string, args: readonly string[], endpointName: string): Promise<ServedProcess> {
  const child = spawn(process.execPath, entryArgs(entry, ...args), { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
  track(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const pattern = new RegExp(`MCP endpoint \\(${endpointName}\\): (\\S+)\\n`);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no endpoint line within 30 s; stderr: ${stderr}`)), 30_000);
    const check = (): void => {
      const match = pattern.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    };
    child.stderr?.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${String(code)}) before listening; stderr: ${stderr}`));
    });
  });
  let stopping: Promise<number | null> | undefined;
  return {
    child,
    url,
    stderr: () => stderr,
    stop: () => {
      if (!stopping) {
        child.kill("SIGTERM");
        stopping = exited;
      }
      return stopping;
    },
  };
}

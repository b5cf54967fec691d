/**
 * One child process of the cluster (a turbomcp instance, HAProxy, redis-server):
 * spawned in its own process group, so a Ctrl-C in the terminal reaches only the
 * script, which then stops the parts in order. Its output is read line by line,
 * handed to a listener and kept as a short tail for error messages.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export type OutputStream = "stdout" | "stderr";

/** Receives every line a process prints. */
export type OutputListener = (source: string, stream: OutputStream, line: string) => void;

export interface ProcessSpec {
  /** A short name for messages and output prefixes (`s1`, `haproxy`, `redis`). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly onOutput?: OutputListener | undefined;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves once the process has exited (or failed to spawn: code null, signal null). */
  readonly exited: Promise<Exit>;
  readonly running: boolean;
  /** The last lines it printed, both streams, for error messages. */
  tail(): string;
  /** Sends `signal` (if still running) and resolves once it exited. */
  kill(signal: NodeJS.Signals): Promise<Exit>;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once it exited. */
  stop(timeoutMs: number): Promise<Exit>;
  /** Resolves with the first line (either stream) that matches; rejects if the process exits first or `timeoutMs` passes. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

const TAIL_LINES = 40;

/** Every process started here, killed if the parent exits without stopping them. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

export function startProcess(spec: ProcessSpec): ManagedProcess {
  installExitHook();
  // detached: its own process group, so the terminal's SIGINT is not delivered to it directly.
  const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  live.add(child);
  const tail: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const read = (stream: OutputStream, readable: NodeJS.ReadableStream | null): void => {
    if (readable === null) return;
    createInterface({ input: readable, crlfDelay: Infinity }).on("line", (line) => {
      tail.push(`${stream}: ${line}`);
      if (tail.length > TAIL_LINES) tail.shift();
      spec.onOutput?.(spec.name, stream, line);
      for (const watch of watchers) watch(line);
    });
  };
  read("stdout", child.stdout);
  read("stderr", child.stderr);

  let done = false;
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", (error) => {
      tail.push(`spawn failed: ${error.message}`);
      resolve({ code: null, signal: null });
    });
  });
  void exited.then(() => {
    done = true;
    live.delete(child);
  });

  const kill = (signal: NodeJS.Signals): Promise<Exit> => {
    if (!done) child.kill(signal);
    return exited;
  };
  return {
    name: spec.name,
    child,
    exited,
    get running() {
      return !done;
    },
    tail: () => tail.join("\n"),
    kill,
    async stop(timeoutMs) {
      const timer = setTimeout(() => void kill("SIGKILL"), timeoutMs);
      const exit = await kill("SIGTERM");
      clearTimeout(timer);
      return exit;
    },
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const finish = (outcome: () => void): void => {
          clearTimeout(timer);
          watchers.delete(watch);
          outcome();
        };
        const watch = (line: string): void => {
          const match = pattern.exec(line);
          if (match !== null) finish(() => resolve(match));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`${spec.name} printed no line matching ${String(pattern)} within ${timeoutMs} ms:\n${tail.join("\n")}`))),
          timeoutMs,
        );
        watchers.add(watch);
        void exited.then((exit) =>
          finish(() =>
            reject(new Error(`${spec.name} exited (code ${String(exit.code)}, signal ${String(exit.signal)}) before it was ready:\n${tail.join("\n")}`)),
          ),
        );
      });
    },
  };
}

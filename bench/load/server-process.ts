/**
 * Starts one benchmark server in its own process (bench/servers/*.ts), waits until
 * it accepts connections, asks it for its memory over the IPC channel (probe.ts) and
 * stops it. Audit logs and other output are discarded; stderr is kept in a bounded
 * buffer for the error message if the server dies.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { HarnessReply, HarnessRequest, ProbeReply } from "../servers/probe.js";

const serversDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../servers");
const START_TIMEOUT_MS = 60_000;
const STDERR_KEEP = 4_000;

export interface ServerLaunch {
  /** File under bench/servers/. */
  readonly script: string;
  readonly args: readonly string[];
  /** `taskset -c 0` or nothing. */
  readonly prefix: readonly string[];
  /** stdio servers keep their pipes for the protocol. */
  readonly stdio: boolean;
  /** Extra Node flags, e.g. `--cpu-prof` for bench/profile.ts. */
  readonly nodeFlags?: readonly string[];
  /** Extra environment, e.g. the allocation sampling of bench/profile.ts --heap. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunningServer {
  readonly child: ChildProcess;
  /** Memory after a full GC, and CPU time so far. */
  memory(): Promise<ProbeReply>;
  /** CPU time so far, without a GC (which would add CPU time of its own). */
  cpu(): Promise<number>;
  /** Writes the allocations sampled since start-up to `file`; the server must run with SAMPLE_ALLOCATIONS_ENV. */
  writeAllocations(file: string): Promise<void>;
  stop(): Promise<void>;
  stderrTail(): string;
}

export function launchServer(launch: ServerLaunch): RunningServer {
  // The servers resolve `@turbomcp/runtime` as the harness does: dist/, or the sources under --conditions=turbomcp-source (the CI smoke test).
  const conditions = process.execArgv.filter((flag) => flag.startsWith("--conditions"));
  const node = [
    process.execPath,
    "--expose-gc",
    ...conditions,
    ...(launch.nodeFlags ?? []),
    "--import",
    "tsx",
    path.join(serversDir, launch.script),
    ...launch.args,
  ];
  const [command, ...args] = [...launch.prefix, ...node] as [string, ...string[]];
  const child = spawn(command, args, {
    stdio: launch.stdio ? ["pipe", "pipe", "pipe", "ipc"] : ["ignore", "ignore", "pipe", "ipc"],
    env: { ...process.env, NODE_ENV: "production", ...launch.env },
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  let nextRequest = 1;
  const waiting = new Map<number, (reply: HarnessReply) => void>();
  child.on("message", (message: HarnessReply) => {
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  const ask = <T extends HarnessReply>(request: HarnessRequest): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${launch.script} did not answer the ${request.type} request: does it call installProbe()?`)), 30_000);
      waiting.set(request.id, (reply) => {
        clearTimeout(timer);
        resolve(reply as T);
      });
      child.send(request);
    });
  const probe = (gc: boolean): Promise<ProbeReply> => ask<ProbeReply>({ type: "probe", id: nextRequest++, gc });
  return {
    child,
    stderrTail: () => stderr,
    memory: () => probe(true),
    cpu: async () => (await probe(false)).cpuMicros,
    async writeAllocations(file) {
      const reply = await ask({ type: "allocations", id: nextRequest++, file });
      if (reply.type === "allocations" && reply.error !== undefined) throw new Error(`${launch.script}: ${reply.error}`);
    },
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL if the server has not exited within a second (its figures are taken; a graceful drain is not measured). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 1_000);
  await exited;
  clearTimeout(timer);
}

/** Resolves once 127.0.0.1:port accepts a connection; rejects if the server exits or takes too long. */
export async function waitForPort(server: RunningServer, port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited with code ${server.child.exitCode}:\n${server.stderrTail()}`);
    if (await accepts(port)) return;
    await sleep(50);
  }
  throw new Error(`server did not listen on ${port} within ${START_TIMEOUT_MS} ms:\n${server.stderrTail()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export { freePort } from "../../test/helpers/free-port.js";

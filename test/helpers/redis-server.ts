/**
 * A real `redis-server` for integration tests: its own process on a free loopback
 * port, in a temporary folder, with persistence off. Tests that need Redis fail (never
 * skip) when the binary is missing, so a machine without it cannot pass by accident.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * afterAll(() => redis.stop());
 * const client = new Redis(redis.url);
 * ```
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port.js";

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Whether the process is running (false after `stop()`, until `restart()`). */
  readonly running: boolean;
  /** Stops the process (the data goes with it); later calls do nothing. */
  stop(): Promise<void>;
  /** Starts a fresh, empty server on the same port after `stop()`: Redis "coming back". */
  restart(): Promise<void>;
  /** SIGSTOP: connections stay open and nothing is answered, a Redis that hangs. */
  pause(): void;
  /** SIGCONT: it answers again. */
  resume(): void;
}

export interface RedisServerOptions {
  /** The redis-server binary; default `$REDIS_SERVER_BIN`, else `redis-server` on PATH. */
  readonly binary?: string;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 5;

class MissingBinary extends Error {}

function missing(binary: string): MissingBinary {
  return new MissingBinary(
    `redis-server was not found (tried "${binary}"). These tests need a real Redis: install it ` +
      `(Debian/Ubuntu: apt-get update && apt-get install -y redis-server; macOS: brew install redis), ` +
      `or point REDIS_SERVER_BIN at the binary.`,
  );
}

/** Every server this process started, stopped on exit if a test forgot to. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** One PING over a bare socket; resolves true on +PONG. */
export function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let data = "";
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk: Buffer) => {
      data += chunk.toString("latin1");
      if (data.includes("\r\n")) done(data.startsWith("+PONG"));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Spawns redis-server on `port` and waits until it answers PING; rejects if it exits first. */
async function launch(binary: string, port: number, dir: string): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no", "--loglevel", "warning"];
  const child = spawn(binary, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const failed = new Promise<Error>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ENOENT" ? missing(binary) : error));
    child.once("exit", (code, signal) =>
      resolve(new Error(`redis-server exited before it was ready (code ${String(code)}, signal ${String(signal)}): ${output.trim().slice(-500)}`)),
    );
  });
  let failure: Error | undefined;
  void failed.then((error) => (failure = error));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (failure !== undefined) throw failure;
    if (await redisPing(port)) {
      live.add(child);
      child.once("exit", () => live.delete(child));
      return child;
    }
    await delay(25);
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms: ${output.trim().slice(-500)}`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Starts a private redis-server; call `stop()` when done (afterAll). */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? process.env.REDIS_SERVER_BIN ?? "redis-server";
  const dir = mkdtempSync(path.join(tmpdir(), "turbomcp-redis-"));
  let port = 0;
  let child: ChildProcess | undefined;
  // The free port can be taken between probing and binding; try a few.
  for (let attempt = 1; child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await launch(binary, port, dir);
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS || error instanceof MissingBinary) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  let current: ChildProcess | undefined = child;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get running() {
      return current !== undefined;
    },
    async stop() {
      const stopping = current;
      current = undefined;
      if (stopping !== undefined) await terminate(stopping);
      rmSync(dir, { recursive: true, force: true });
    },
    pause() {
      current?.kill("SIGSTOP");
    },
    resume() {
      current?.kill("SIGCONT");
    },
    async restart() {
      if (current !== undefined) await terminate(current);
      current = undefined;
      const fresh = mkdtempSync(path.join(tmpdir(), "turbomcp-redis-"));
      current = await launch(binary, port, fresh);
      const started = current;
      started.once("exit", () => rmSync(fresh, { recursive: true, force: true }));
    },
  };
}

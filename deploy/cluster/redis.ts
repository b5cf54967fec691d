/**
 * The script's own redis-server: on a port of its choice, persistence off, in a
 * temporary folder. A reference deployment that starts with one command; a real
 * one points `--redis-url` at a managed Redis instead.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./instance.js";
import { startProcess, type ManagedProcess, type OutputListener } from "./process.js";

export interface LocalRedis {
  readonly url: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

export async function startLocalRedis(port: number, onOutput?: OutputListener, binary = process.env.REDIS_SERVER_BIN ?? "redis-server"): Promise<LocalRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), "turbomcp-cluster-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no"];
  const redis = startProcess({ name: "redis", command: binary, args, env: process.env, cwd: REPO_ROOT, onOutput });
  try {
    await redis.waitForLine(/Ready to accept connections/, 10_000);
  } catch (error) {
    await redis.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    const hint = redis.tail().includes("spawn failed") ? " (is redis-server installed? Debian/Ubuntu: apt-get install -y redis-server)" : "";
    throw new Error(`redis-server on port ${port} did not start${hint}: ${(error as Error).message}`, { cause: error });
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    process: redis,
    async stop() {
      await redis.stop(5_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

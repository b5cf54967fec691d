/**
 * Cold start: how long from spawning a stdio server to its answer to `initialize`,
 * what a client that starts the server per session waits before its first call. Each
 * server runs with plain `node` on JavaScript (builds.ts): turbomcp's generated
 * `server.gen.js` as a user's `npm start` runs it, the peers' servers of
 * bench/servers/ in their stdio mode. No tsx, no `--expose-gc`, no NODE_OPTIONS, no
 * IPC channel.
 *
 * The servers take turns, spawn after spawn (the order rotating every round), so a
 * drift of the machine weighs on all of them alike. One spawn of each before the
 * measured rounds is discarded: the figures are of a warm file cache, as on any
 * machine that started the server before.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { INITIALIZE_BODY } from "./mcp-requests.js";
import type { ResultRow } from "./results.js";
import type { PlainBuilds } from "./builds.js";
import type { Target } from "./targets.js";

/** The stdio targets with a cold start: those whose server runs as plain JavaScript. */
export const COLD_START_TARGETS: readonly string[] = ["turbomcp-stdio", "sdk-v1-stdio", "sdk-v2-stdio", "stdio-echo"];

const SPAWN_TIMEOUT_MS = 30_000;
/** In an MCP server's answer to initialize. */
export const MCP_REPLY = '"protocolVersion"';
const STDERR_KEEP = 2_000;

export interface PlainServer {
  /** The JavaScript file node runs. */
  readonly script: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** What the reply line holds besides a result: `"protocolVersion"` for MCP servers. */
  readonly expect: string;
}

/** How `target` runs as plain JavaScript from `builds`. */
export function plainServer(target: Target, builds: PlainBuilds): PlainServer {
  if (target.turbomcp) {
    return {
      script: path.join(builds.turbomcpDist, "generated", "server.gen.js"),
      args: ["--transport", "stdio"],
      cwd: path.dirname(builds.turbomcpDist),
      expect: MCP_REPLY,
    };
  }
  // The echo answers every request with the same result, no protocol.
  const expect = target.ceiling ? '"result"' : MCP_REPLY;
  return { script: path.join(builds.servers, target.script.replace(/\.ts$/, ".js")), args: ["--stdio", "--tools", "1"], cwd: builds.servers, expect };
}

/**
 * Spawns the server, writes `initialize` at once (it waits in the pipe until the server
 * reads) and resolves with the milliseconds until the reply line arrived. The server
 * is stopped, and its exit awaited, before the promise settles.
 */
export async function timeToInitialize(server: PlainServer, prefix: readonly string[]): Promise<number> {
  const [command, ...args] = [...prefix, process.execPath, server.script, ...server.args] as [string, ...string[]];
  const { NODE_OPTIONS: _preloads, ...env } = process.env;
  const started = performance.now();
  const child = spawn(command, args, { cwd: server.cwd, stdio: ["pipe", "pipe", "pipe"], env: { ...env, NODE_ENV: "production" } });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_KEEP)));
  child.stdin.on("error", () => undefined); // a server that died before reading: reported by the exit below
  child.stdin.write(`${INITIALIZE_BODY}\n`);
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  try {
    return await new Promise<number>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(() => reject(new Error(`no answer to initialize within ${SPAWN_TIMEOUT_MS / 1000} s`)), SPAWN_TIMEOUT_MS);
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        const at = performance.now();
        stdout += chunk;
        // Whole lines only: the last piece has no newline yet.
        const line = stdout
          .split("\n")
          .slice(0, -1)
          .find((candidate) => candidate.includes('"id":0'));
        if (line === undefined) return;
        clearTimeout(timer);
        if (line.includes('"result"') && line.includes(server.expect)) resolve(at - started);
        else reject(new Error(`initialize was not answered with a result: ${line.slice(0, 300)}`));
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`exited (${signal ?? `code ${code}`}) before answering initialize`));
      });
    });
  } catch (error) {
    throw new Error(`${path.basename(server.script)}: ${error instanceof Error ? error.message : String(error)}${stderr === "" ? "" : `\n${stderr}`}`, {
      cause: error,
    });
  } finally {
    child.kill("SIGTERM");
    const kill = setTimeout(() => child.kill("SIGKILL"), 1_000);
    await exited;
    clearTimeout(kill);
  }
}

/** Median (the mean of the middle two for an even count), p90 (nearest rank) and fastest of `times`. */
export function spawnStats(times: readonly number[]): { median: number; p90: number; min: number } {
  if (times.length === 0) return { median: Number.NaN, p90: Number.NaN, min: Number.NaN };
  const sorted = [...times].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)]!;
  return { median, p90, min: sorted[0]! };
}

export interface ColdStartSettings {
  readonly spawns: number;
  readonly serverPrefix: readonly string[];
  readonly log: (line: string) => void;
}

/** `spawns` timed spawns of each target, interleaved; a target that fails once gets an error row and sits out the rest. */
export async function coldStart(targets: readonly Target[], builds: PlainBuilds, settings: ColdStartSettings): Promise<ResultRow[]> {
  const times = new Map<string, number[]>(targets.map((target) => [target.id, []]));
  const errors = new Map<string, string>();
  const attempt = async (target: Target): Promise<number | undefined> => {
    if (errors.has(target.id)) return undefined;
    try {
      return await timeToInitialize(plainServer(target, builds), settings.serverPrefix);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      settings.log(`  ${target.id} cold start: ${message.split("\n")[0]}`);
      errors.set(target.id, message);
      return undefined;
    }
  };
  for (const target of targets) await attempt(target);
  for (let round = 0; round < settings.spawns; round++) {
    for (let turn = 0; turn < targets.length; turn++) {
      const target = targets[(round + turn) % targets.length]!;
      const ms = await attempt(target);
      if (ms !== undefined) times.get(target.id)?.push(ms);
    }
  }
  return targets.map((target): ResultRow => {
    const error = errors.get(target.id);
    if (error !== undefined) return { target: target.id, label: target.label, workload: "cold-start", failures: 1, error };
    const measured = times.get(target.id) ?? [];
    const { median, p90, min } = spawnStats(measured);
    settings.log(`  ${target.id} cold start: median ${median.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms over ${measured.length} spawns`);
    return { target: target.id, label: target.label, workload: "cold-start", p50Ms: median, p90Ms: p90, minMs: min, count: measured.length, failures: 0 };
  });
}

/**
 * Production tests start the fixture through `runMain` in a real child process (as a
 * generated server runs) and talk to it over loopback HTTP.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import { AUDIENCE, ISSUER, JWT_KEY_ENV } from "./fixture/routes.js";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const ENTRY = fileURLToPath(new URL("./fixture/server.ts", import.meta.url));
export const JWT_SECRET = "production-test-secret-of-32-bytes!!";
const START_TIMEOUT_MS = 20_000;

export interface Started {
  readonly child: ChildProcess;
  /** The MCP endpoint URL, with the port bound (`http://`, `ws://`, `tcp://`, `unix:`). */
  readonly url: string;
  /** The origin (`http://127.0.0.1:<port>`) for /health and /metrics. */
  readonly origin: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Runs the fixture with these flags and environment variables; rejects if it exits or prints no endpoint. */
export function start(args: readonly string[], env: Record<string, string> = {}): Promise<Started> {
  return startEntry(ENTRY, args, { [JWT_KEY_ENV]: JWT_SECRET, ...env });
}

/** Runs a server entry (a generated `server.gen.ts`, a fixture) through runMain in a child process, as `start` does. */
export function startEntry(entry: string, args: readonly string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=turbomcp-source", entry, ...args], {
    cwd,
    env: { ...withoutTurbomcp(process.env), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no endpoint line within ${START_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, START_TIMEOUT_MS);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`exited ${String(code)} before listening; stderr: ${stderr}`), { code, stderr }));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      // Any transport: Streamable HTTP, WebSocket, TCP, Unix socket.
      const match = /MCP endpoint \([^)]+\): (\S+)/.exec(stderr);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      const url = match[1];
      resolve({
        child,
        url,
        origin: new URL(url).origin,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        stop: () => {
          if (child.exitCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}

/** Runs the fixture expecting it to fail at start-up: the exit code and stderr. */
export async function startFails(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  try {
    const started = await start(args, env);
    await started.stop();
    throw new Error("the server started");
  } catch (error) {
    const failed = error as { code?: number | null; stderr?: string };
    if (failed.stderr === undefined) throw error;
    return { code: failed.code ?? null, stderr: failed.stderr };
  }
}

/** The test runner's own TURBOMCP_* variables would leak into the child's config. */
function withoutTurbomcp(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith("TURBOMCP_")));
}

/** A token the fixture's issuer minted for `audience` (this server's by default). */
export function token(subject: string, scope: string, audience = AUDIENCE): Promise<string> {
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/** One stateless (2026-07-28) tools/call in one POST. */
export function callTool(url: string, name: string, bearer?: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": "tools/call",
      "mcp-name": name,
      ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name, arguments: {}, _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} } },
    }),
  });
}

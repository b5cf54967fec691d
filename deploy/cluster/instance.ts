/**
 * One turbomcp instance of the cluster: a server entry (by default the generated
 * entry of examples/everything) run by `runMain` over Streamable HTTP, from its
 * TypeScript sources through tsx, as the repository's tests run servers.
 */
import { fileURLToPath } from "node:url";
import { startProcess, type ManagedProcess, type OutputListener } from "./process.js";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The server the reference deployment runs unless told otherwise. */
export const DEFAULT_ENTRY = fileURLToPath(new URL("../../examples/everything/src/generated/server.gen.ts", import.meta.url));

/** What runMain prints once it listens (packages/runtime/src/server/run-main.ts). */
const ENDPOINT_LINE = /MCP endpoint \(Streamable HTTP\): (http:\/\/\S+)/;

export interface InstanceSpec {
  readonly name: string;
  /** The server entry: a file runMain runs (`server.gen.ts`, or its compiled `.js`). */
  readonly entry: string;
  readonly host: string;
  /** 0 lets the system pick; a restart then reuses the port it got. */
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
  readonly startTimeoutMs: number;
  readonly onOutput?: OutputListener | undefined;
}

export interface RunningInstance {
  readonly process: ManagedProcess;
  /** The MCP endpoint it printed, e.g. `http://127.0.0.1:8081/mcp`. */
  readonly url: string;
  readonly port: number;
}

/** Starts the entry and resolves once it listens; rejects (and kills it) if it exits or stays silent. */
export async function startInstance(spec: InstanceSpec): Promise<RunningInstance> {
  const process = startProcess({
    name: spec.name,
    command: globalThis.process.execPath,
    args: ["--import", "tsx", "--conditions=turbomcp-source", spec.entry, "--transport", "http", "--host", spec.host, "--port", String(spec.port)],
    env: spec.env,
    cwd: REPO_ROOT,
    onOutput: spec.onOutput,
  });
  try {
    const [, url = ""] = await process.waitForLine(ENDPOINT_LINE, spec.startTimeoutMs);
    return { process, url, port: Number(new URL(url).port) };
  } catch (error) {
    await process.kill("SIGKILL");
    throw error;
  }
}

/**
 * The official MCP conformance suite's `authorization` command against the built-in
 * OAuth 2.1 authorization server on loopback (local test login). Only the 0.2 line
 * (`next`, 0.2.0-alpha.12) has that command; 0.1.16 has no authorization-server
 * scenarios at all.
 *
 * Both scenarios run in one invocation, as the grant needs the metadata scenario's
 * result: `authorization-server-metadata-endpoint` (RFC 8414 document: status,
 * content type, issuer, endpoints, S256; from 2025-11-25 also a WARNING unless
 * `client_id_metadata_document_supported` is true) and `authorization-code-grant`
 * (a PKCE S256 authorization request with state and resource, the redirect's code,
 * state and iss, then the token request with a public client: 200, JSON, no-store,
 * access_token and token_type). The suite prints the authorization URL and waits for
 * a browser at `http://127.0.0.1:<port>/callback`: this test registers that redirect
 * URI with Dynamic Client Registration, plays the user on the consent page and
 * follows the redirect to the suite's callback server.
 *
 * The exit code only counts FAILURE, so the checks are read from the results folder
 * (`-o`), where a WARNING or SKIPPED check is visible too.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/free-port.js";
import { repoRoot } from "../helpers/scratch.js";
import { consent, register, startBuiltIn, type RunningServer } from "../runtime/oauth-server/kit.js";
import { suiteCommand } from "./suite.js";

/** The suite waits 300 s for the callback (hard-coded); a run here takes a few seconds, so it is cut off well before. */
const RUN_LIMIT_MS = 60_000;
const URL_MARKER = "Access the following URL in your browser and complete the authentication process.";

interface Check {
  readonly id: string;
  readonly status: "SUCCESS" | "FAILURE" | "WARNING" | "SKIPPED" | "INFO";
  readonly errorMessage?: string;
}

interface AuthorizationRun {
  readonly code: number | null;
  readonly output: string;
  /** Each scenario's checks.json, by scenario name. */
  readonly checks: Record<string, Check[]>;
}

/** GETs the suite's callback URL, retrying while its callback server is not listening yet. */
async function reachCallback(location: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await (await fetch(location)).text();
      return;
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code !== "ECONNREFUSED" || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function readChecks(results: string): Record<string, Check[]> {
  const checks: Record<string, Check[]> = {};
  for (const folder of readdirSync(results)) {
    const scenario = folder.replace(/^authorization-server-/, "").replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, "");
    checks[scenario] = JSON.parse(readFileSync(path.join(results, folder, "checks.json"), "utf8")) as Check[];
  }
  return checks;
}

/** Registers the suite's redirect URI, runs `authorization` against `server`, consents when asked, and collects the results. */
async function runAuthorization(server: RunningServer, extra: readonly string[] = []): Promise<AuthorizationRun> {
  const port = await freePort();
  const client = await register(server.base, {
    client_name: "MCP conformance suite",
    redirect_uris: [`http://127.0.0.1:${port}/callback`],
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code"],
  });
  const results = mkdtempSync(path.join(os.tmpdir(), "turbomcp-conformance-as-"));
  const args = ["authorization", "--url", server.base, "--client-id", client.client_id as string, "--resource", server.resource];
  const command = suiteCommand("next", [...args, "-p", String(port), "-o", results, ...extra]);
  const child: ChildProcess = spawn(command.file, command.args, { cwd: repoRoot, env: command.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let timer: NodeJS.Timeout | undefined;
  try {
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    child.once("error", (error) => fail(error));
    let driving: Promise<void> | undefined;
    let previous = "";
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      output += `${line}\n`;
      if (previous === URL_MARKER && driving === undefined)
        driving = consent(line)
          .then(({ location }) => reachCallback(location))
          .catch((error: unknown) => fail(new Error(`playing the user failed: ${String(error)}\n${output}`)));
      previous = line;
    });
    const limit = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), RUN_LIMIT_MS)));
    const code = await Promise.race([exited, limit, failed]);
    if (code === "timeout") throw new Error(`the suite did not finish within ${RUN_LIMIT_MS} ms:\n${output}`);
    if (driving === undefined) throw new Error(`the suite never printed the authorization URL:\n${output}`);
    await Promise.race([driving, failed]);
    return { code, output, checks: readChecks(results) };
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(results, { recursive: true, force: true });
  }
}

function statuses(checks: Check[] | undefined): Record<string, string> {
  return Object.fromEntries((checks ?? []).map((check) => [check.id, check.status]));
}

function notSucceeded(run: AuthorizationRun): string[] {
  return Object.values(run.checks)
    .flat()
    .filter((check) => check.status !== "SUCCESS")
    .map((check) => `${check.id}: ${check.status}${check.errorMessage === undefined ? "" : ` (${check.errorMessage})`}`);
}

describe("MCP conformance suite, authorization server scenarios (0.2 line)", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startBuiltIn({ clientIdMetadataDocuments: true });
  });

  afterAll(async () => {
    await server.close();
  });

  it("latest spec version: metadata (with Client ID Metadata Documents) and the authorization code grant pass, no warnings", async () => {
    const run = await runAuthorization(server);
    expect(notSucceeded(run), run.output).toEqual([]);
    expect(statuses(run.checks["authorization-server-metadata-endpoint"])).toEqual({
      "authorization-server-metadata": "SUCCESS",
      "authorization-server-metadata-cimd": "SUCCESS",
    });
    expect(statuses(run.checks["authorization-code-grant"])).toEqual({ "authorization-code-grant": "SUCCESS" });
    expect(run.output).toMatch(/Total: 3 passed, 0 failed/);
    expect(run.code, run.output).toBe(0);
  }, 70_000);

  it("2025-06-18: both scenarios pass, and the CIMD check (2025-11-25 on) is not run", async () => {
    const run = await runAuthorization(server, ["--spec-version", "2025-06-18"]);
    expect(notSucceeded(run), run.output).toEqual([]);
    expect(statuses(run.checks["authorization-server-metadata-endpoint"]), run.output).toEqual({ "authorization-server-metadata": "SUCCESS" });
    expect(statuses(run.checks["authorization-code-grant"]), run.output).toEqual({ "authorization-code-grant": "SUCCESS" });
    expect(run.output).toMatch(/Total: 2 passed, 0 failed/);
    expect(run.code, run.output).toBe(0);
  }, 70_000);
});

describe("without Client ID Metadata Documents", () => {
  it("the suite warns (a SHOULD from 2025-11-25) and still passes", async () => {
    const server = await startBuiltIn({ clientIdMetadataDocuments: false });
    try {
      const run = await runAuthorization(server);
      expect(notSucceeded(run), run.output).toEqual([
        'authorization-server-metadata-cimd: WARNING (Expected "client_id_metadata_document_supported" to be true, got false)',
      ]);
      expect(statuses(run.checks["authorization-code-grant"]), run.output).toEqual({ "authorization-code-grant": "SUCCESS" });
      expect(run.code, run.output).toBe(0);
    } finally {
      await server.close();
    }
  }, 70_000);
});

/**
 * Local clients bring no credentials: on stdio (and TCP or Unix sockets trusted as the
 * local user) the environment names the tenant, and a server whose manifest requires a
 * tenant does not start without one.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../runtime/production/kit.js";
import { EXAMPLE_ENTRY, TENANT_ENV } from "./kit.js";

/** Runs the example over stdio with one request on stdin; its stdout lines and exit code. */
function stdio(env: Record<string, string>, requests: readonly object[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=turbomcp-source", EXAMPLE_ENTRY, "--transport", "stdio"], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...TENANT_ENV, TURBOMCP_AUDIT_ENABLED: "false", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(requests.map((request) => `${JSON.stringify(request)}\n`).join(""));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "local", version: "1" } },
};
const listTools = { jsonrpc: "2.0", id: 2, method: "tools/list" };

describe("the local client's tenant", () => {
  it("refuses to start over stdio when the manifest requires a tenant and TURBOMCP_TENANT is not set", async () => {
    const result = await stdio({}, [initialize]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("set TURBOMCP_TENANT");
    expect(result.stdout).toBe("");
  });

  it("serves stdio in the tenant TURBOMCP_TENANT names, under its policy", async () => {
    const result = await stdio({ TURBOMCP_TENANT: "globex" }, [initialize, listTools]);
    const replies = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: number; result?: { tools?: { name: string }[] } });
    expect(replies.find((reply) => reply.id === 2)?.result?.tools?.map((tool) => tool.name)).toEqual([
      "create_note",
      "get_note",
      "search_notes",
      "build_report",
    ]);
  });

  it("refuses a malformed TURBOMCP_TENANT at start-up", async () => {
    const result = await stdio({ TURBOMCP_TENANT: "not a tenant" }, [initialize]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/TURBOMCP_TENANT/);
  });
});

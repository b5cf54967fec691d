/**
 * `turbomcp dev --inspect`: the project's MCP Inspector is found, judged against this
 * Node version and started with its own flags pointed at the running endpoint. The
 * Inspector's releases need Node 22.19 or later and this suite runs on Node 20, so
 * the process test installs a stand-in package of that name whose command records
 * the arguments it was started with; the command line it gets is the Inspector's
 * documented `--transport http --server-url <url>`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { INSPECTOR_PACKAGE, inspectorLaunch } from "../../packages/cli/src/dev/inspector.js";
import { run } from "../../packages/cli/src/cli/main.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";
import { startEntry } from "../runtime/production/kit.js";

let scratch: Scratch | undefined;
afterEach(() => scratch?.remove());

const MANIFEST = { server: { name: "inspect-test", version: "1.0.0" }, tools: [{ name: "ping", description: "Pong.", inputSchema: { type: "object" } }] };

/** A package named like the Inspector in the project's node_modules, whose command writes its arguments to `argv.json`. */
function installStandIn(dir: string, engines: string): string {
  const folder = path.join(dir, "node_modules", ...INSPECTOR_PACKAGE.split("/"));
  mkdirSync(path.join(folder, "bin"), { recursive: true });
  writeFileSync(
    path.join(folder, "package.json"),
    JSON.stringify({ name: INSPECTOR_PACKAGE, version: "9.9.9", type: "module", bin: { "mcp-inspector": "bin/launch.js" }, engines: { node: engines } }),
  );
  const record = path.join(dir, "argv.json");
  writeFileSync(
    path.join(folder, "bin/launch.js"),
    // Written to a side file and renamed, so the test never reads it half written.
    `import { renameSync, writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(`${record}.tmp`)}, JSON.stringify({ pid: process.pid, args: process.argv.slice(2) }));\nrenameSync(${JSON.stringify(`${record}.tmp`)}, ${JSON.stringify(record)});\nsetInterval(() => {}, 1000);\n`,
  );
  return record;
}

function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function project(): string {
  scratch = scratchProject("dev-inspect");
  writeFileSync(path.join(scratch.dir, "package.json"), JSON.stringify({ name: "inspect-test", private: true, type: "module" }));
  writeFileSync(path.join(scratch.dir, "manifest.json"), JSON.stringify(MANIFEST));
  return scratch.dir;
}

describe("finding the project's MCP Inspector", () => {
  it("says how to install it when the project does not have it", () => {
    expect(inspectorLaunch(project(), "http://127.0.0.1:1/mcp")).toEqual({
      problem: `the MCP Inspector is not installed in this project: npm install --save-dev ${INSPECTOR_PACKAGE}`,
    });
  });

  it("refuses a release that needs a newer Node, naming both versions", () => {
    const dir = project();
    installStandIn(dir, ">=22.19.0");
    expect(inspectorLaunch(dir, "http://127.0.0.1:1/mcp", "v20.20.2")).toEqual({
      problem: `${INSPECTOR_PACKAGE} 9.9.9 needs Node >=22.19.0; this is Node v20.20.2`,
    });
    expect(inspectorLaunch(dir, "http://127.0.0.1:1/mcp", "v22.19.0")).toMatchObject({
      args: [expect.stringMatching(/bin\/launch\.js$/), "--transport", "http", "--server-url", "http://127.0.0.1:1/mcp"],
    });
  });

  it("refuses --inspect on a transport the Inspector cannot reach by URL, before serving", async () => {
    const dir = project();
    let stderr = "";
    const code = await run(["node", "turbomcp", "dev", "--inspect", "--transport", "stdio"], {
      cwd: dir,
      stdout: () => undefined,
      stderr: (text) => void (stderr += text),
    });
    expect(code).toBe(1);
    expect(stderr).toContain("turbomcp dev: --inspect needs --transport http");
  });
});

describe("turbomcp dev --inspect", { timeout: 60_000 }, () => {
  it("starts the Inspector pointed at the running endpoint, and stops it with the server", async () => {
    const dir = project();
    const record = installStandIn(dir, ">=20.0.0");
    const server = await startEntry(path.join(repoRoot, "test/helpers/cli-entry.ts"), ["dev", "--transport", "http", "--port", "0", "--inspect"], {}, dir);
    let inspectorPid: number | undefined;
    try {
      for (let attempt = 0; attempt < 400 && !existsSync(record); attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
      const started = JSON.parse(readFileSync(record, "utf8")) as { pid: number; args: string[] };
      inspectorPid = started.pid;
      expect(started.args).toEqual(["--transport", "http", "--server-url", server.url]);
      expect(server.stderr()).toContain(`turbomcp dev: starting the MCP Inspector for ${server.url}`);
      // The client snippets name this server and its URL (their format is test/distribution's).
      expect(server.stderr()).toContain(`turbomcp dev: client configuration for ${server.url}:\n# Claude Desktop`);
      expect(server.stderr()).toContain(`"inspect-test": {`);
      expect(server.stderr()).toContain(`"url": "${server.url}"`);
      // The URL it was given is the server's.
      const client = new Client({ name: "inspect-test", version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["ping"]);
      await client.close();
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // Gone with the server (signal 0 only asks whether the process exists).
    expect(inspectorPid).toBeDefined();
    for (let attempt = 0; attempt < 200 && isRunning(inspectorPid); attempt++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(isRunning(inspectorPid)).toBe(false);
  });
});

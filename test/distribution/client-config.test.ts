/**
 * Client configuration snippets: the exact JSON each client's documented format
 * asks for (see packages/cli/src/distribution/client-config.ts for the sources),
 * and `turbomcp export clients` deriving them from a manifest.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientSnippets } from "../../packages/cli/src/distribution/client-config.js";
import { runCli } from "../helpers/cli.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

describe("clientSnippets", () => {
  it("writes a stdio server for each client, asking for variables without holding a value", () => {
    const snippets = clientSnippets("weather", {
      transport: "stdio",
      command: "npx",
      args: ["-y", "weather-mcp@1.2.3"],
      env: [
        { name: "API_KEY", description: "Weather API key", secret: true },
        { name: "UNITS", secret: false },
      ],
    });
    expect(snippets.map((snippet) => [snippet.client, snippet.file])).toEqual([
      ["claude-desktop", "claude_desktop_config.json"],
      ["vscode", ".vscode/mcp.json"],
      ["cursor", ".cursor/mcp.json"],
    ]);
    expect(snippets[0]?.json).toEqual({
      mcpServers: { weather: { command: "npx", args: ["-y", "weather-mcp@1.2.3"], env: { API_KEY: "<API_KEY>", UNITS: "<UNITS>" } } },
    });
    expect(snippets[0]?.note).toBe("replace each <NAME> with its value (API_KEY, UNITS)");
    expect(snippets[1]?.json).toEqual({
      servers: {
        weather: { type: "stdio", command: "npx", args: ["-y", "weather-mcp@1.2.3"], env: { API_KEY: "${input:api-key}", UNITS: "${input:units}" } },
      },
      inputs: [
        { type: "promptString", id: "api-key", description: "Weather API key", password: true },
        { type: "promptString", id: "units", description: "UNITS", password: false },
      ],
    });
    expect(snippets[2]?.json).toEqual({
      mcpServers: { weather: { command: "npx", args: ["-y", "weather-mcp@1.2.3"], env: { API_KEY: "${env:API_KEY}", UNITS: "${env:UNITS}" } } },
    });
  });

  it("leaves env and inputs out when the server reads no variables", () => {
    const [claude, vscode, cursor] = clientSnippets("calc", { transport: "stdio", command: "node", args: ["server.js"] });
    expect(claude?.json).toEqual({ mcpServers: { calc: { command: "node", args: ["server.js"] } } });
    expect(claude?.note).toBeUndefined();
    expect(vscode?.json).toEqual({ servers: { calc: { type: "stdio", command: "node", args: ["server.js"] } } });
    expect(cursor?.json).toEqual({ mcpServers: { calc: { command: "node", args: ["server.js"] } } });
  });

  it("writes an HTTP server with its auth header; Claude Desktop gets the connector instruction instead of a file", () => {
    const [claude, vscode, cursor] = clientSnippets("weather", {
      transport: "http",
      url: "https://weather.example.com/mcp",
      headers: [{ name: "Authorization", description: "JWT bearer token", prefix: "Bearer " }],
    });
    expect(claude?.json).toBeUndefined();
    expect(claude?.note).toContain("Settings > Connectors");
    expect(claude?.note).toContain("https://weather.example.com/mcp");
    expect(vscode?.json).toEqual({
      servers: { weather: { type: "http", url: "https://weather.example.com/mcp", headers: { Authorization: "Bearer ${input:authorization}" } } },
      inputs: [{ type: "promptString", id: "authorization", description: "JWT bearer token", password: true }],
    });
    expect(cursor?.json).toEqual({
      mcpServers: { weather: { url: "https://weather.example.com/mcp", headers: { Authorization: "Bearer ${env:AUTHORIZATION}" } } },
    });
    expect(cursor?.note).toBe("set AUTHORIZATION in the environment Cursor starts from");
  });
});

describe("turbomcp export clients", () => {
  let scratch: Scratch;
  beforeEach(() => {
    scratch = scratchProject("export-clients", path.join(repoRoot, "examples/calculator"));
  });
  afterEach(() => scratch.remove());

  const editManifest = (change: (manifest: Record<string, unknown>) => void): void => {
    const file = path.join(scratch.dir, "manifest.json");
    const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    change(manifest);
    writeFileSync(file, JSON.stringify(manifest, null, 2));
  };

  it("prints the local build's launch, with the variables auth and distribution name", async () => {
    editManifest((manifest) => {
      manifest["auth"] = { schemes: [{ type: "apiKey", header: "x-api-key", keysEnv: "CALC_KEYS" }] };
      manifest["distribution"] = { environment: [{ name: "CALC_PRECISION", description: "Decimal places" }] };
    });
    const result = await runCli(["export", "clients"], scratch.dir);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    // The default codegen.generatedDir, src/generated, compiles to dist/generated.
    const entry = path.join(scratch.dir, "dist", "generated", "server.gen.js");
    expect(result.stdout).toContain(`# Claude Desktop (claude_desktop_config.json)\n{\n  "mcpServers": {\n    "calculator": {\n      "command": "node",`);
    expect(result.stdout).toContain(JSON.stringify(entry));
    expect(result.stdout).toContain('"CALC_KEYS": "${input:calc-keys}"');
    expect(result.stdout).toContain(
      '{\n      "type": "promptString",\n      "id": "calc-precision",\n      "description": "Decimal places",\n      "password": false\n    }',
    );
    expect(result.stdout).toContain('"CALC_PRECISION": "${env:CALC_PRECISION}"');
  });

  it("prints the HTTP launch for --remote, and a located error without distribution.remoteUrl", async () => {
    const missing = await runCli(["export", "clients", "--remote"], scratch.dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("manifest.json /distribution/remoteUrl: --remote needs this URL; add it or give --url\n");
    editManifest((manifest) => {
      manifest["distribution"] = { remoteUrl: "https://calc.example.com/mcp" };
    });
    const remote = await runCli(["export", "clients", "--remote"], scratch.dir);
    expect(remote.code).toBe(0);
    expect(remote.stdout).toContain('"type": "http",\n      "url": "https://calc.example.com/mcp"');
  });
});

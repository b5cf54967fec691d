/**
 * `turbomcp export registry` and `turbomcp export card`: the documents validate
 * against the published schemas vendored in packages/cli/schemas/vendor (compiled
 * here with ajv of our own, not the exporter's), carry what the manifest says, are
 * refused with located errors when the manifest cannot fill them, and
 * `turbomcp check` holds the kept files to a fresh export.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule, { type FormatsPlugin } from "ajv-formats";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { type Scratch, repoRoot, scratchProject } from "../helpers/scratch.js";

const formatsModule: unknown = addFormatsModule;
const addFormats = ((formatsModule as { default?: unknown }).default ?? formatsModule) as FormatsPlugin;
const vendor = path.join(repoRoot, "packages/cli/schemas/vendor");
const readJson = (file: string): object => JSON.parse(readFileSync(file, "utf8")) as object;

function registryValidator(): (document: unknown) => boolean {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(readJson(path.join(vendor, "mcp-registry/server.schema.json")));
}

function cardValidator(): (document: unknown) => boolean {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(readJson(path.join(vendor, "mcp-server-card/server-card.schema.json")), "card");
  return ajv.compile({ $ref: "card#/$defs/ServerCard" });
}

let scratch: Scratch;
const file = (relative: string): string => path.join(scratch.dir, relative);
function editManifest(change: (manifest: Record<string, unknown> & { server: Record<string, unknown> }) => void): void {
  const manifest = JSON.parse(readFileSync(file("manifest.json"), "utf8")) as Record<string, unknown> & { server: Record<string, unknown> };
  change(manifest);
  writeFileSync(file("manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

beforeEach(() => {
  scratch = scratchProject("export-registry", path.join(repoRoot, "examples/calculator"));
  writeFileSync(
    file("package.json"),
    `${JSON.stringify({ name: "calculator-mcp", version: "1.0.0", type: "module", bin: { "calculator-mcp": "bin/server.js" } }, null, 2)}\n`,
  );
  editManifest((manifest) => {
    manifest.server["websiteUrl"] = "https://calculator.example.com";
    manifest.server["icons"] = [{ src: "https://calculator.example.com/icon.png", mimeType: "image/png", sizes: ["48x48"] }];
    manifest["auth"] = { schemes: [{ type: "jwt", keyEnv: "CALC_JWT_KEY", issuer: "https://issuer.example.com", audience: "calculator" }] };
    manifest["distribution"] = {
      registryName: "io.github.example/calculator",
      remoteUrl: "https://calculator.example.com/mcp",
      environment: [{ name: "CALC_PRECISION", description: "Decimal places in results", required: false }],
      serverJson: "server.json",
      serverCard: "server-card.json",
    };
  });
});
afterEach(() => scratch.remove());

describe("turbomcp export registry", () => {
  it("writes server.json where the manifest keeps it, valid against the registry's schema", async () => {
    const result = await runCli(["export", "registry"], scratch.dir);
    expect(result).toMatchObject({ code: 0, stdout: "  wrote    server.json\n", stderr: "" });
    const document = readJson(file("server.json"));
    expect(registryValidator()(document)).toBe(true);
    expect(document).toEqual({
      $schema: "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
      name: "io.github.example/calculator",
      title: "Calculator",
      description: "Arithmetic tools for models that should not do sums in their heads.",
      version: "1.0.0",
      websiteUrl: "https://calculator.example.com",
      icons: [{ src: "https://calculator.example.com/icon.png", mimeType: "image/png", sizes: ["48x48"] }],
      packages: [
        {
          registryType: "npm",
          identifier: "calculator-mcp",
          version: "1.0.0",
          runtimeHint: "npx",
          transport: { type: "stdio" },
          packageArguments: [{ type: "named", name: "--transport", value: "stdio" }],
          environmentVariables: [
            { name: "CALC_JWT_KEY", description: "Key that verifies the JWT bearer tokens", isRequired: true, isSecret: true },
            { name: "CALC_PRECISION", description: "Decimal places in results", isRequired: false, isSecret: false },
          ],
        },
      ],
      remotes: [
        {
          type: "streamable-http",
          url: "https://calculator.example.com/mcp",
          headers: [
            {
              name: "Authorization",
              description: "JWT bearer token",
              isRequired: true,
              isSecret: true,
              value: "Bearer {token}",
              variables: { token: { description: "JWT bearer token", isRequired: true, isSecret: true } },
            },
          ],
        },
      ],
      _meta: {
        "io.modelcontextprotocol.registry/publisher-provided": {
          tool: "turbomcp",
          generated: "@generated by turbomcp export registry from manifest.json. Do not edit: change the manifest and export again.",
        },
      },
    });
    // Byte-identical run to run.
    const first = readFileSync(file("server.json"), "utf8");
    await runCli(["export", "registry"], scratch.dir);
    expect(readFileSync(file("server.json"), "utf8")).toBe(first);
  });

  it("lists only the remote for a private package, and refuses one with no remote", async () => {
    writeFileSync(file("package.json"), `${JSON.stringify({ name: "calculator-mcp", version: "1.0.0", private: true })}\n`);
    const remoteOnly = await runCli(["export", "registry", "--out", "-"], scratch.dir);
    expect(remoteOnly.code).toBe(0);
    const document = JSON.parse(remoteOnly.stdout) as { packages?: unknown; remotes: unknown[] };
    expect(registryValidator()(document)).toBe(true);
    expect(document.packages).toBeUndefined();
    expect(document.remotes).toHaveLength(1);
    editManifest((manifest) => {
      manifest["distribution"] = { registryName: "io.github.example/calculator" };
    });
    const nothing = await runCli(["export", "registry"], scratch.dir);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/^manifest\.json:\d+:\d+ \/distribution\/remoteUrl: package\.json is private, so there is no npm package to list/);
  });

  it("reports what the registry refuses at the manifest field, with line and column", async () => {
    editManifest((manifest) => {
      manifest.server["description"] = "x".repeat(120);
      manifest.server["icons"] = [{ src: "https://calculator.example.com/icon.gif", mimeType: "image/gif" }];
    });
    const result = await runCli(["export", "registry"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/manifest\.json:\d+:\d+ \/server\/description: must NOT have more than 100 characters \(server\.json \/description\)\n/);
    expect(result.stderr).toMatch(/manifest\.json:\d+:\d+ \/server\/icons\/0\/mimeType: must be equal to one of the allowed values: "image\/png", /);
    expect(result.stderr).not.toContain("    at ");
  });

  it("refuses a publishable package without the bin npx starts", async () => {
    writeFileSync(file("package.json"), `${JSON.stringify({ name: "calculator-mcp", version: "1.0.0" })}\n`);
    const result = await runCli(["export", "registry"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("package.json /bin: npx starts the npm package through its bin");
  });

  it("names the missing registry name", async () => {
    editManifest((manifest) => {
      manifest["distribution"] = { remoteUrl: "https://calculator.example.com/mcp" };
    });
    const result = await runCli(["export", "registry"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^manifest\.json:\d+:\d+ \/distribution\/registryName: export registry needs the registry name, e\.g\. "io\.github\.you\/calculator"\n/,
    );
  });
});

describe("turbomcp export card", () => {
  it("writes the Server Card, valid against the extension's schema", async () => {
    const result = await runCli(["export", "card"], scratch.dir);
    expect(result).toMatchObject({ code: 0, stdout: "  wrote    server-card.json\n" });
    const card = readJson(file("server-card.json")) as { remotes: { supportedProtocolVersions: string[]; url: string }[]; _meta: Record<string, string> };
    expect(cardValidator()(card)).toBe(true);
    expect(card.remotes[0]?.url).toBe("https://calculator.example.com/mcp");
    expect(card.remotes[0]?.supportedProtocolVersions).toEqual(["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"]);
    expect(card._meta["dev.turbomcp/generated"]).toContain("@generated by turbomcp export card");
  });

  it("needs a remote URL", async () => {
    editManifest((manifest) => {
      manifest["distribution"] = { registryName: "io.github.example/calculator" };
    });
    const result = await runCli(["export", "card"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/distribution\/remoteUrl: a Server Card describes a remote server/);
  });
});

describe("turbomcp check with exported files", () => {
  it("passes while they are current and reports a stale or missing one with the command that rewrites it", async () => {
    // The auth added above is in the routing table: generate it first.
    expect((await runCli(["generate", "--quiet", "--no-typecheck"], scratch.dir)).code).toBe(0);
    expect((await runCli(["export", "registry"], scratch.dir)).code).toBe(0);
    expect((await runCli(["export", "card"], scratch.dir)).code).toBe(0);
    const current = await runCli(["check", "--no-typecheck"], scratch.dir);
    expect(current).toMatchObject({ code: 0, stdout: "turbomcp: manifest.json and the code are in sync\n" });

    // Where the server is deployed is in no generated file: only the exports go stale.
    editManifest((manifest) => {
      (manifest["distribution"] as Record<string, unknown>)["remoteUrl"] = "https://calc.example.org/mcp";
    });
    rmSync(file("server-card.json"));
    const stale = await runCli(["check", "--no-typecheck"], scratch.dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("Stale exported files (run the command shown):\n  server.json  (turbomcp export registry)\n");
    expect(stale.stderr).toContain('-      "url": "https://calculator.example.com/mcp",');
    expect(stale.stderr).toContain('+      "url": "https://calc.example.org/mcp",');
    expect(stale.stderr).toContain("  server-card.json  (turbomcp export card)\n    (missing)\n");
    expect(stale.stderr).not.toContain("Stale generated files");

    const json = JSON.parse((await runCli(["check", "--json", "--no-typecheck"], scratch.dir)).stdout) as { status: string; staleExports: { path: string }[] };
    expect(json.status).toBe("drifted");
    expect(json.staleExports.map((entry) => entry.path)).toEqual(["server.json", "server-card.json"]);
  });

  it("refuses a kept path outside the project, located", async () => {
    editManifest((manifest) => {
      manifest["distribution"] = {
        registryName: "io.github.example/calculator",
        remoteUrl: "https://calculator.example.com/mcp",
        serverJson: "../server.json",
      };
    });
    const result = await runCli(["check", "--no-typecheck"], scratch.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/manifest\.json:\d+:\d+ \/distribution\/serverJson: must be a file path inside the manifest's folder/);
  });
});

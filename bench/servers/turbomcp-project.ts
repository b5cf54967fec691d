/**
 * The turbomcp benchmark server is a real generated project, made the way a user
 * makes one: a manifest with the same tools as every peer (tool-set.ts), then
 * `turbomcp generate` (the CLI, run in this process), then the handlers filled in. It lives under
 * the git-ignored `.tmp/bench/` and is reused while its manifest is unchanged
 * (generate finds the fingerprint current and writes nothing).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../../packages/cli/src/cli/main.js";
import { benchTools } from "./tool-set.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Where the project for `tools` tools lives; the server script imports its routes from here. */
export function turbomcpProjectDir(tools: number): string {
  return path.join(repoRoot, ".tmp", "bench", `turbomcp-tools-${tools}`);
}

/**
 * The security stack the issue asks for is on: security headers, Origin/Host checks
 * and the body limit are defaults; the per-IP rate limiter is set high enough never
 * to refuse the load; metrics and the audit log are on by default.
 */
function manifest(tools: number): unknown {
  return {
    server: { name: "bench", version: "1.0.0" },
    tools: benchTools(tools).map((tool) => ({ ...tool, inputSchema: { ...tool.inputSchema, additionalProperties: false } })),
    rateLimits: { perIp: { limit: 1_000_000_000, windowMs: 60_000 } },
  };
}

/** Handler bodies: `add` answers the sum as text, fillers the same text as every peer's. */
function handlerSource(name: string, exportName: string, inputType: string): string {
  const body = name === "add" ? "return String(input.a + input.b);" : "return `no entries match ${input.query}`;";
  return [
    `import type { ToolResult } from "@turbomcp/runtime";`,
    `import type { ${inputType} } from "../../generated/types.gen.js";`,
    ``,
    `/** Tool "${name}": the benchmark's handler. */`,
    `export async function ${exportName}(input: ${inputType}): Promise<ToolResult> {`,
    `  ${body}`,
    `}`,
    ``,
  ].join("\n");
}

/**
 * Generates (or refreshes) the project and fills every handler stub. Returns the
 * path of its `routes.gen.ts`.
 */
export async function prepareTurbomcpProject(tools: number): Promise<string> {
  const dir = turbomcpProjectDir(tools);
  mkdirSync(dir, { recursive: true });
  const tsconfig = { extends: path.relative(dir, path.join(repoRoot, "tsconfig.json")).split(path.sep).join("/"), include: ["src"] };
  writeIfChanged(path.join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  writeIfChanged(path.join(dir, "manifest.json"), `${JSON.stringify(manifest(tools), null, 2)}\n`);
  let output = "";
  const code = await run(["node", "turbomcp", "generate", "manifest.json"], { cwd: dir, stdout: () => undefined, stderr: (text) => (output += text) });
  if (code !== 0) throw new Error(`turbomcp generate failed (exit ${code}) in ${dir}:\n${output}`);
  // The stub's file name is the generator's business; its doc comment names the tool.
  const handlersDir = path.join(dir, "src", "handlers", "tools");
  let filled = 0;
  for (const entry of readdirSync(handlersDir)) {
    const file = path.join(handlersDir, entry);
    const stub = readFileSync(file, "utf8");
    const name = /Tool "([^"]+)"/.exec(stub)?.[1];
    const exportName = /export async function (\w+)\(/.exec(stub)?.[1];
    const inputType = /input: (\w+)/.exec(stub)?.[1];
    if (name === undefined || exportName === undefined || inputType === undefined) throw new Error(`unexpected handler stub shape in ${file}`);
    writeIfChanged(file, handlerSource(name, exportName, inputType));
    filled += 1;
  }
  if (filled !== tools) throw new Error(`expected ${tools} handler files in ${handlersDir}, found ${filled}`);
  return path.join(dir, "src", "generated", "routes.gen.ts");
}

function writeIfChanged(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, "utf8") === text) return;
  writeFileSync(file, text);
}

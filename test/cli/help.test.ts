/**
 * Every command's `--help` lists each of its options with a description and shows
 * at least one example; `turbomcp --help` lists every command. Regression: `serve
 * --help` printed the runtime's bare `usage: <server>` line, no manifest argument.
 */
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Command } from "commander";
import { createProgram } from "../../packages/cli/src/cli/main.js";
import { DEFAULT_DRAIN_TIMEOUT_MS, DEFAULT_HTTP_PATH, DEFAULT_HTTP_PORT, SUPPORTED_TRANSPORTS } from "../../packages/runtime/src/config/defaults.js";
import { MAIN_USAGE } from "../../packages/runtime/src/server/main-args.js";
import { runCli } from "../helpers/cli.js";
import { repoRoot } from "../helpers/scratch.js";

const commandsDir = path.join(repoRoot, "packages/cli/src/cli/commands");
/** Commander wraps long descriptions to the terminal's width; compare text with whitespace collapsed. */
const flat = (text: string): string => text.replace(/\s+/g, " ");

/** The commands implemented in commands/, found by their `<name>Command` export, so a new one cannot be forgotten here. */
function implementedCommands(): string[] {
  return readdirSync(commandsDir)
    .flatMap((file) =>
      // `importOpenapiCommand` is the subcommand `import openapi`.
      [...readFileSync(path.join(commandsDir, file), "utf8").matchAll(/export async function (\w+)Command\(/g)].map((match) =>
        String(match[1])
          .replace(/([a-z])([A-Z])/g, "$1 $2")
          .toLowerCase(),
      ),
    )
    .sort();
}

const program = createProgram({ cwd: repoRoot, stdout: () => undefined, stderr: () => undefined }, { setExit: () => undefined });
const commands = program.commands.filter((command) => command.name() !== "help");
/** Top-level commands, and each subcommand under its full name (`export clients`, `import openapi`) in place of its group. */
const leaves = commands.flatMap((command): (readonly [string, Command])[] =>
  command.commands.length === 0
    ? [[command.name(), command]]
    : command.commands.filter((sub) => sub.name() !== "help").map((sub) => [`${command.name()} ${sub.name()}`, sub] as const),
);

describe("turbomcp --help", () => {
  it("lists every command in commands/, with examples", async () => {
    // A group's command (`import openapi`) is implemented under its full name; the group is listed.
    expect(commands.map((command) => command.name()).sort()).toEqual([...new Set(implementedCommands().map((name) => name.split(" ")[0]))].sort());
    const result = await runCli(["--help"], repoRoot);
    expect(result.code).toBe(0);
    for (const command of commands) expect(result.stdout).toMatch(new RegExp(`^  ${command.name()} `, "m"));
    expect(result.stdout).toContain("\nExamples:\n  $ turbomcp ");
  });
});

describe.each(leaves)("turbomcp %s --help", (name, command) => {
  it("shows the usage, every option with its description and an example", async () => {
    const result = await runCli([...name.split(" "), "--help"], repoRoot);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`Usage: turbomcp ${name} `);
    for (const option of command.options) {
      expect(option.description.length).toBeGreaterThan(0);
      expect(flat(result.stdout)).toContain(flat(`${option.flags} ${option.description}`));
    }
    expect(result.stdout).toMatch(new RegExp(`\\nExamples:\\n(  \\$ turbomcp ${name}.*\\n)+$`));
  });
});

describe("turbomcp serve --help", () => {
  it("shows the real usage with the manifest argument, not the runtime's placeholder", async () => {
    const result = await runCli(["serve", "--help"], repoRoot);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: turbomcp serve [manifest] [server options]\n");
    expect(result.stdout).toMatch(/^ {2}manifest +manifest file \(default: "manifest\.json"\)$/m);
    expect(result.stdout).not.toContain("<server>");
  });

  it("lists every server option the runtime parses, with the runtime's defaults", async () => {
    const { stdout } = await runCli(["serve", "--help"], repoRoot);
    const flags = [...MAIN_USAGE.matchAll(/--[a-z-]+/g)].map((match) => match[0]);
    expect(flags.length).toBeGreaterThan(5);
    for (const flag of flags) expect(stdout).toMatch(new RegExp(`^  (-\\w, )?${flag} `, "m"));
    for (const transport of SUPPORTED_TRANSPORTS) expect(stdout).toMatch(new RegExp(`--transport <name> .*\\b${transport}\\b`));
    expect(stdout).toContain(`(default ${DEFAULT_HTTP_PATH})`);
    expect(stdout).toContain(`http ${DEFAULT_HTTP_PORT}`);
    expect(stdout).toContain(`(default ${DEFAULT_DRAIN_TIMEOUT_MS})`);
  });

  it("is the same help after a manifest and server options, and through `turbomcp help serve`", async () => {
    const plain = await runCli(["serve", "--help"], repoRoot);
    expect(await runCli(["serve", "api.json", "--transport", "http", "--help"], repoRoot)).toEqual(plain);
    expect(await runCli(["help", "serve"], repoRoot)).toEqual(plain);
  });
});

describe("turbomcp serve with bad server options", () => {
  it("says so in its own terms and points at --help, exit 1, without starting a server", async () => {
    const result = await runCli(["serve", "manifest.json", "--transport", "bogus"], path.join(repoRoot, "examples/calculator"));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'turbomcp serve: unsupported transport "bogus"; supported transports: stdio, http, ws, tcp, unix\nRun `turbomcp serve --help` for the server options.\n',
    );
  });
});

describe("help piped into a reader that stops early", () => {
  it("ends with exit 0 and no stack trace when stdout closes before the help is written (`turbomcp --help | head`)", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=turbomcp-source", path.join(repoRoot, "test/helpers/cli-entry.ts"), "serve", "--help"],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    // The reader is gone before the first write.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 60_000);
});

/**
 * The `turbomcp` command line. `run()` returns the exit code instead of calling
 * `process.exit`, so tests drive it in-process.
 *
 * Exit codes: 0 success, 1 user error (bad manifest, drift), 2 a bug in turbomcp.
 */
import { Command, CommanderError } from "commander";
import { UserError, formatDiagnostic } from "../diagnostics.js";
import { checkCommand } from "./commands/check.js";
import { generateCommand } from "./commands/generate.js";
import { initCommand } from "./commands/init.js";
import { serveCommand } from "./commands/serve.js";
import { type CliIo, EXIT, processIo } from "./io.js";
import { toolVersion } from "./version.js";

function program(io: CliIo, setExit: (code: number) => void): Command {
  const cli = new Command("turbomcp")
    .description("Schema-first toolchain for Model Context Protocol servers")
    .version(toolVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  cli
    .command("generate")
    .description("generate typed code from the manifest and create missing handler stubs")
    .argument("[manifest]", "manifest file", "manifest.json")
    .option("-q, --quiet", "print nothing but errors (for CI)", false)
    .option("--force", "regenerate every file even when its fingerprint says it is current", false)
    .action(async (manifest: string, options: { quiet: boolean; force: boolean }) => setExit(await generateCommand(manifest, options, io)));

  cli
    .command("check")
    .description("fail when the manifest and the code have drifted apart")
    .argument("[manifest]", "manifest file", "manifest.json")
    .option("--strict", "also fail while handler stubs are not implemented", false)
    .option("--json", "print the report as JSON", false)
    .option("--no-typecheck", "skip the TypeScript type check of handlers")
    .option("--full", "compare every generated file with a fresh generation, even when its fingerprint matches", false)
    .action(async (manifest: string, options: { strict: boolean; json: boolean; typecheck: boolean; full: boolean }) =>
      setExit(await checkCommand(manifest, options, io)),
    );

  cli
    .command("serve")
    .description("run the server from its TypeScript sources, no build step (options after the manifest go to the server, e.g. --transport stdio)")
    .argument("[manifest-and-server-options...]")
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args: string[]) => setExit(await serveCommand(args, io)));

  cli
    .command("init")
    .description("create a new turbomcp project")
    .argument("<directory>", "folder to create")
    .option("--name <name>", "server name (default: the folder name)")
    .action(async (directory: string, options: { name?: string }) => setExit(await initCommand(directory, options, io)));

  return cli;
}

/** Runs the CLI with `argv` (as in `process.argv`) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  try {
    await program(io, (code) => (exitCode = code)).parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr(`${error.diagnostics.map(formatDiagnostic).join("\n")}\n`);
      io.stderr(`turbomcp: ${error.diagnostics.length} problem${error.diagnostics.length === 1 ? "" : "s"} found\n`);
      return EXIT.userError;
    }
    if (error instanceof CommanderError) {
      // Help and version are successful exits; usage errors are the user's.
      return error.exitCode === 0 ? EXIT.ok : EXIT.userError;
    }
    io.stderr(`turbomcp: internal error, please report it:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internalError;
  }
}

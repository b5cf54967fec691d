/**
 * The `turbomcp` command line. `run()` returns the exit code instead of calling
 * `process.exit`, so tests drive it in-process.
 *
 * Exit codes: 0 success, 1 user error (bad manifest, drift), 2 a bug in turbomcp.
 */
import { Command, CommanderError } from "commander";
import { UserError, formatDiagnostic } from "../diagnostics.js";
import { checkCommand } from "./commands/check.js";
import { devCommand } from "./commands/dev.js";
import { addExportCommand } from "./commands/export.js";
import { generateCommand } from "./commands/generate.js";
import { importOpenapiCommand } from "./commands/import-openapi.js";
import { DEFAULT_MAX_TOOLS } from "../import/openapi/import-openapi.js";
import { initCommand } from "./commands/init.js";
import { serveCommand } from "./commands/serve.js";
import { type ServeDefaults, loadServeDefaults, serverOptionsText } from "./commands/serve-help.js";
import { examplesText, mayShowHelp } from "./help.js";
import { type CliIo, EXIT, processIo, reportInternalError } from "./io.js";
import { toolVersion } from "./version.js";

export interface ProgramOptions {
  /** Sets the exit code a command's action returns. */
  readonly setExit: (code: number) => void;
  /** The runtime's defaults for `serve --help`; without them the server options are listed without defaults. */
  readonly serveDefaults?: ServeDefaults;
}

/** The command tree; exported so a test can hold every command's help to its options. */
export function createProgram(io: CliIo, { setExit, serveDefaults }: ProgramOptions): Command {
  const cli = new Command("turbomcp")
    .description("Schema-first toolchain for Model Context Protocol servers")
    .version(toolVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText(
      "after",
      `\nRun \`turbomcp <command> --help\` for a command's options.\n${examplesText(["turbomcp init my-server", "turbomcp generate", "turbomcp check --strict", "turbomcp import openapi openapi.json"])}`,
    );

  // Boolean flags have no declared default: commander would print "(default: false)" after each one.
  cli
    .command("generate")
    .description("generate typed code from the manifest and create missing handler stubs")
    .argument("[manifest]", "manifest file", "manifest.json")
    .option("-q, --quiet", "print nothing but errors and warnings (for CI)")
    .option("--force", "regenerate every file even when its fingerprint says it is current")
    .option("--strict", "exit 1 when kept handlers no longer match the manifest (warnings otherwise)")
    .option("--no-typecheck", "skip the TypeScript type check of kept handlers after the generated code changed")
    .addHelpText(
      "after",
      examplesText(["turbomcp generate", "turbomcp generate api/manifest.json --quiet", "turbomcp generate --force", "turbomcp generate --strict"]),
    )
    .action(async (manifest: string, options: { quiet?: boolean; force?: boolean; strict?: boolean; typecheck: boolean }) =>
      setExit(
        await generateCommand(
          manifest,
          { quiet: options.quiet === true, force: options.force === true, strict: options.strict === true, typecheck: options.typecheck },
          io,
        ),
      ),
    );

  cli
    .command("check")
    .description("fail when the manifest and the code have drifted apart (never writes)")
    .argument("[manifest]", "manifest file", "manifest.json")
    .option("--strict", "also fail while handler stubs are not implemented")
    .option("--json", "print one JSON report on stdout, whatever the outcome (see docs/cli.md)")
    .option("--no-typecheck", "skip the TypeScript type check of handlers")
    .option("--full", "compare every generated file with a fresh generation, even when its fingerprint matches")
    .addHelpText("after", examplesText(["turbomcp check", "turbomcp check --strict", "turbomcp check api/manifest.json --json --no-typecheck"]))
    .action(async (manifest: string, options: { strict?: boolean; json?: boolean; typecheck: boolean; full?: boolean }) =>
      setExit(
        await checkCommand(
          manifest,
          { strict: options.strict === true, json: options.json === true, typecheck: options.typecheck, full: options.full === true },
          io,
        ),
      ),
    );

  cli
    .command("serve")
    .description("run the server from its TypeScript sources, no build step; stale generated code is regenerated first (messages on stderr)")
    .usage("[manifest] [server options]")
    .argument("[manifest]", "manifest file", "manifest.json")
    // Everything after the manifest belongs to the server, which parses it itself.
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText(
      "after",
      `${serverOptionsText(serveDefaults)}${examplesText(["turbomcp serve", "turbomcp serve manifest.json --transport http --port 8080", "turbomcp serve api.json --transport unix --socket /tmp/api.sock"])}`,
    )
    .action(async (_manifest: string, _options: object, command: Command) => setExit(await serveCommand(command.args, io)));

  cli
    .command("dev")
    .description("serve from the sources and follow edits: regenerate, reload changed handlers and swap the routing table without dropping clients")
    .usage("[manifest] [server options]")
    .argument("[manifest]", "manifest file", "manifest.json")
    .option("--inspect", "also start the project's MCP Inspector (@modelcontextprotocol/inspector) against the server; needs --transport http")
    .option("--no-typecheck", "do not type-check the project in the background after each reload")
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText(
      "after",
      `${serverOptionsText(serveDefaults)}${examplesText(["turbomcp dev --transport http", "turbomcp dev api.json --transport http --port 8080", "turbomcp dev --transport http --inspect", "turbomcp dev"])}`,
    )
    .action(async (_manifest: string, options: { inspect?: boolean; typecheck: boolean }, command: Command) =>
      setExit(await devCommand(command.args, { inspect: options.inspect === true, typecheck: options.typecheck }, io)),
    );

  cli
    .command("init")
    .description("create a new turbomcp project in an empty folder")
    .argument("<directory>", "folder to create")
    .option("--name <name>", "server name (default: the folder name)")
    .addHelpText("after", examplesText(["turbomcp init my-server", 'turbomcp init "My Server" --name weather']))
    .action(async (directory: string, options: { name?: string }) => setExit(await initCommand(directory, options, io)));

  addExportCommand(cli, io, setExit);

  const importGroup = cli.command("import").description("create or update a manifest from another description of an API");
  importGroup
    .command("openapi")
    .description("turn the operations of an OpenAPI 3.0/3.1 or Swagger 2.0 description into tools whose handlers call the API")
    .argument("<spec>", "description file (JSON or YAML) or http(s) URL")
    .option("-o, --out <manifest>", "manifest to write, or to update when it exists", "manifest.json")
    .option("--tag <tag...>", "only operations with one of these tags")
    .option("--path <glob...>", "only operations whose path matches one of these globs (* within a segment, ** across)")
    .option("--method <method...>", "only operations with one of these HTTP methods")
    .option("--max-tools <n>", "refuse to import more tools than this", String(DEFAULT_MAX_TOOLS))
    .option("--name <dependency>", "the dependency the tools call (default: the manifest's one HTTP dependency, else from the description's title)")
    .addHelpText(
      "after",
      examplesText([
        "turbomcp import openapi petstore.yaml",
        "turbomcp import openapi https://api.example.com/openapi.json --out api/manifest.json",
        'turbomcp import openapi github.json --tag issues --method GET --path "/repos/**"',
      ]),
    )
    .action(async (spec: string, options: { out: string; tag?: string[]; path?: string[]; method?: string[]; maxTools: string; name?: string }) => {
      const maxTools = Number(options.maxTools);
      if (!Number.isInteger(maxTools) || maxTools < 1)
        throw new UserError([{ file: spec, pointer: "", message: `--max-tools ${options.maxTools}: a whole number of at least 1` }]);
      setExit(
        await importOpenapiCommand(
          spec,
          {
            out: options.out,
            tags: options.tag ?? [],
            paths: options.path ?? [],
            methods: options.method ?? [],
            maxTools,
            ...(options.name === undefined ? {} : { name: options.name }),
          },
          io,
        ),
      );
    });

  return cli;
}

/** Runs the CLI with `argv` (as in `process.argv`) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  try {
    const serveDefaults = mayShowHelp(argv) ? await loadServeDefaults() : undefined;
    const setExit = (code: number): void => void (exitCode = code);
    await createProgram(io, serveDefaults === undefined ? { setExit } : { setExit, serveDefaults }).parseAsync([...argv]);
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
    reportInternalError(io, error);
    return EXIT.internalError;
  }
}

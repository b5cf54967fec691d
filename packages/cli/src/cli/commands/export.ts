/**
 * `turbomcp export <format>`: what distribution formats ask for, derived from the
 * manifest (see docs/distribution.md). One subcommand per format.
 */
import type { Command } from "commander";
import { examplesText } from "../help.js";
import type { CliIo } from "../io.js";
import { exportClientsCommand } from "./export-clients.js";

export function addExportCommand(cli: Command, io: CliIo, setExit: (code: number) => void): void {
  const exporter = cli
    .command("export")
    .description("write what distribution formats ask for (client snippets, registry server.json, Server Card, MCP Bundle) from the manifest")
    .addHelpText("after", examplesText(["turbomcp export clients", "turbomcp export registry", "turbomcp export card --out server-card.json"]));

  exporter
    .command("clients")
    .description("print configuration snippets for Claude Desktop, VS Code and Cursor")
    .argument("[manifest]", "manifest file", "manifest.json")
    .option("--url <url>", "reach the server at this Streamable HTTP URL instead of starting it over stdio")
    .option("--remote", "reach the server at the manifest's distribution.remoteUrl")
    .option("--npm", "start the published npm package with npx instead of the local build")
    .addHelpText("after", examplesText(["turbomcp export clients", "turbomcp export clients --npm", "turbomcp export clients --url http://127.0.0.1:3000/mcp"]))
    .action(async (manifest: string, options: { url?: string; remote?: boolean; npm?: boolean }) =>
      setExit(
        await exportClientsCommand(
          manifest,
          { ...(options.url === undefined ? {} : { url: options.url }), remote: options.remote === true, npm: options.npm === true },
          io,
        ),
      ),
    );
}

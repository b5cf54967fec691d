/**
 * `turbomcp export <format>`: what distribution formats ask for, derived from the
 * manifest (see docs/distribution.md). One subcommand per format.
 */
import type { Command } from "commander";
import { examplesText } from "../help.js";
import type { CliIo } from "../io.js";

/** What `turbomcp export <format>` runs: each format with its own options. */
export type ExportRequest =
  | { readonly format: "clients"; readonly options: ExportClientsOptions }
  | { readonly format: "registry" | "card"; readonly options: ExportFileOptions }
  | { readonly format: "bundle"; readonly options: ExportBundleOptions };

export async function exportCommand(manifest: string, request: ExportRequest, io: CliIo): Promise<number> {
  switch (request.format) {
    case "clients":
      return runExportClients(manifest, request.options, io);
    case "bundle":
      return runExportBundle(manifest, request.options, io);
    default:
      return runExportFile(request.format, manifest, request.options, io);
  }
}
import { type ExportBundleOptions, runExportBundle } from "./export-bundle.js";
import { type ExportClientsOptions, runExportClients } from "./export-clients.js";
import { type ExportFileOptions, runExportFile } from "./export-file.js";

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
        await exportCommand(
          manifest,
          {
            format: "clients",
            options: { ...(options.url === undefined ? {} : { url: options.url }), remote: options.remote === true, npm: options.npm === true },
          },
          io,
        ),
      ),
    );

  const fileOptions = (options: { url?: string; out?: string }): ExportFileOptions => ({
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.out === undefined ? {} : { out: options.out }),
  });

  // The two JSON documents a project may keep (and `check` hold current): the same options, their own file.
  const documents = [
    {
      format: "registry",
      description: "write server.json for the official MCP registry (to distribution.serverJson, --out, or stdout)",
      kept: "distribution.serverJson",
      examples: ["turbomcp export registry", "turbomcp export registry --out server.json"],
    },
    {
      format: "card",
      description: "write the Server Card of the deployed server (to distribution.serverCard, --out, or stdout)",
      kept: "distribution.serverCard",
      examples: ["turbomcp export card", "turbomcp export card --url https://mcp.example.com/mcp --out -"],
    },
  ] as const;
  for (const document of documents) {
    exporter
      .command(document.format)
      .description(document.description)
      .argument("[manifest]", "manifest file", "manifest.json")
      .option("--url <url>", "the deployed Streamable HTTP endpoint (default: distribution.remoteUrl)")
      .option("--out <file>", `where to write it; - for stdout (default: ${document.kept}, else stdout)`)
      .addHelpText("after", examplesText(document.examples))
      .action(async (manifest: string, options: { url?: string; out?: string }) =>
        setExit(await exportCommand(manifest, { format: document.format, options: fileOptions(options) }, io)),
      );
  }

  exporter
    .command("bundle")
    .description("pack the built server and its production dependencies as an MCP Bundle (.mcpb) for desktop clients")
    .argument("[manifest]", "manifest file", "manifest.json")
    .option("--out <file>", "where to write it (default: <server name>-<version>.mcpb beside the manifest)")
    .addHelpText("after", examplesText(["turbomcp export bundle", "turbomcp export bundle --out release/server.mcpb"]))
    .action(async (manifest: string, options: { out?: string }) =>
      setExit(await exportCommand(manifest, { format: "bundle", options: options.out === undefined ? {} : { out: options.out } }, io)),
    );
}

/** `turbomcp export clients`: the configuration snippets for Claude Desktop, VS Code and Cursor, on stdout. */
import { UserError } from "../../diagnostics.js";
import { clientSnippets, formatClientSnippets, type ServerLaunch } from "../../distribution/client-config.js";
import { httpLaunch, localLaunch, npmLaunch } from "../../distribution/launch.js";
import { readProjectPackage } from "../../distribution/package-info.js";
import type { ManifestModel } from "../../model/types.js";
import { buildModel } from "../../pipeline.js";
import { type CliIo, EXIT } from "../io.js";

export interface ExportClientsOptions {
  /** Reach the server at this Streamable HTTP URL. */
  readonly url?: string;
  /** Reach the server at the manifest's `distribution.remoteUrl`. */
  readonly remote: boolean;
  /** Start the published package with npx instead of the local build. */
  readonly npm: boolean;
}

function launchOf(model: ManifestModel, options: ExportClientsOptions, io: CliIo): ServerLaunch {
  if (options.url !== undefined) return httpLaunch(model, options.url);
  if (options.remote) {
    const url = model.distribution?.remoteUrl;
    if (url === undefined)
      throw new UserError([{ file: model.manifestPath, pointer: "/distribution/remoteUrl", message: "--remote needs this URL; add it or give --url" }]);
    return httpLaunch(model, url);
  }
  return options.npm ? npmLaunch(model, readProjectPackage(model, io.cwd)) : localLaunch(model);
}

export async function runExportClients(manifest: string, options: ExportClientsOptions, io: CliIo): Promise<number> {
  const model = await buildModel(manifest, io.cwd, { trustFingerprint: true });
  io.stdout(formatClientSnippets(clientSnippets(model.server.name, launchOf(model, options, io))));
  return EXIT.ok;
}

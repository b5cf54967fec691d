/** `turbomcp export bundle`: the built server as an MCP Bundle (`.mcpb`) for desktop clients. */
import path from "node:path";
import { buildBundle } from "../../distribution/bundle.js";
import { readProjectPackage } from "../../distribution/package-info.js";
import { buildModel } from "../../pipeline.js";
import { type CliIo, EXIT } from "../io.js";

export interface ExportBundleOptions {
  /** Where to write the bundle; default `<server name>-<version>.mcpb` beside the manifest. */
  readonly out?: string;
}

export async function runExportBundle(manifest: string, options: ExportBundleOptions, io: CliIo): Promise<number> {
  const model = await buildModel(manifest, io.cwd, { trustFingerprint: true });
  const pkg = readProjectPackage(model, io.cwd);
  const out = options.out === undefined ? path.join(model.baseDir, `${model.server.name}-${model.server.version}.mcpb`) : path.resolve(io.cwd, options.out);
  const report = await buildBundle(model, pkg, out, io.cwd);
  const shown = path.relative(io.cwd, report.file).split(path.sep).join("/");
  io.stdout(`  wrote    ${shown}  (${report.bytes} bytes, ${report.packages} production packages)\n`);
  return EXIT.ok;
}

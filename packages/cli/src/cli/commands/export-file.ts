/**
 * `turbomcp export registry` and `turbomcp export card`: one JSON document,
 * written where the manifest keeps it (`distribution.serverJson`/`serverCard`),
 * to `--out`, or to stdout.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../../diagnostics.js";
import { type ExportKind, exportText, keptPath } from "../../distribution/exports.js";
import { buildModel } from "../../pipeline.js";
import { type CliIo, EXIT } from "../io.js";

export interface ExportFileOptions {
  /** The Streamable HTTP endpoint, instead of `distribution.remoteUrl`. */
  readonly url?: string;
  /** Where to write; `-` for stdout. Default: the manifest's kept path, else stdout. */
  readonly out?: string;
}

export async function runExportFile(kind: ExportKind, manifest: string, options: ExportFileOptions, io: CliIo): Promise<number> {
  const model = await buildModel(manifest, io.cwd, { trustFingerprint: true });
  const kept = keptPath(kind, model, io.cwd);
  const target =
    options.out === "-"
      ? undefined
      : options.out !== undefined
        ? path.resolve(io.cwd, options.out)
        : kept === undefined
          ? undefined
          : path.join(model.baseDir, kept);
  if (kept !== undefined && target === path.join(model.baseDir, kept) && options.url !== undefined) {
    // `check` exports the kept file again without flags: a --url written there would read as drift on every check.
    throw new UserError([
      { file: "--url", pointer: "", message: `${kept} is kept current by \`turbomcp check\` from distribution.remoteUrl: set the URL there instead` },
    ]);
  }
  const text = exportText(kind, model, options.url === undefined ? {} : { url: options.url }, io.cwd);
  if (target === undefined) {
    io.stdout(text);
    return EXIT.ok;
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  io.stdout(`  wrote    ${path.relative(io.cwd, target).split(path.sep).join("/")}\n`);
  return EXIT.ok;
}

/** `turbomcp import openapi`: writes or updates a manifest from an OpenAPI description, then says what changed. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type ImportOptions, type ImportResult, importOpenApi } from "../../import/openapi/import-openapi.js";
import { type CliIo, EXIT } from "../io.js";

function list(label: string, names: readonly string[]): string {
  return names.length === 0 ? "" : `  ${label} (${names.length}): ${names.join(", ")}\n`;
}

export function importReport(result: ImportResult, out: string): string {
  const { added, changed, removed, unchanged } = result.changes;
  const lines = [
    `${result.created ? "wrote" : "updated"} ${out}: ${result.tools.length} tool${result.tools.length === 1 ? "" : "s"} from dependency "${result.dependency}"`,
    `(${added.length} added, ${changed.length} changed, ${removed.length} removed, ${unchanged.length} unchanged)\n`,
  ].join(" ");
  const renames =
    result.renames.length === 0 ? "" : `renamed input properties (two parameters shared a name):\n${result.renames.map((rename) => `  ${rename}\n`).join("")}`;
  const removedNote = removed.length === 0 ? "" : "removed tools' handler files are left in place: delete them when you no longer need them\n";
  const notes = result.notes.map((note) => `note: ${note}\n`).join("");
  return `${lines}${list("added", added)}${list("changed", changed)}${list("removed", removed)}${renames}${removedNote}${notes}next: npx turbomcp generate ${out}\n`;
}

export async function importOpenapiCommand(source: string, options: ImportOptions, io: CliIo): Promise<number> {
  const result = await importOpenApi(source, options, io.cwd);
  const file = path.resolve(io.cwd, options.out);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(result.manifest, null, 2)}\n`);
  io.stdout(importReport(result, options.out));
  return EXIT.ok;
}

/**
 * The standard library declarations (lib.es2023.d.ts and the rest) for the
 * JavaScript compiler API as ts-morph bundles it: the bundle keeps them in memory,
 * not as files, so a compiler host has to be pointed at them.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { ts as TS } from "ts-morph";

interface LibFiles {
  getLibFiles(): { fileName: string; text: string }[];
  readonly libFolderInMemoryPath: string;
}

let libs: { readonly folder: string; readonly texts: ReadonlyMap<string, string> } | undefined;

function bundledLibs(): { readonly folder: string; readonly texts: ReadonlyMap<string, string> } {
  if (libs === undefined) {
    // Required like ts-morph itself (CommonJS); the version is the one ts-morph pins.
    const common = createRequire(import.meta.url)("@ts-morph/common") as LibFiles;
    const folder = common.libFolderInMemoryPath;
    libs = { folder, texts: new Map(common.getLibFiles().map((lib) => [path.posix.join(folder, lib.fileName), lib.text])) };
  }
  return libs;
}

/** Makes `host` read the standard library from the bundle; every other file as before. */
export function withBundledLibs(host: TS.CompilerHost, defaultLibFileName: string): TS.CompilerHost {
  const { folder, texts } = bundledLibs();
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getDefaultLibLocation = () => folder;
  host.getDefaultLibFileName = () => path.posix.join(folder, defaultLibFileName);
  host.readFile = (file) => texts.get(file) ?? readFile(file);
  host.fileExists = (file) => texts.has(file) || fileExists(file);
  return host;
}

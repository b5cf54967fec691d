/**
 * `turbomcp export bundle`: an MCP Bundle (`.mcpb`) of the built server. A folder
 * is staged with the bundle manifest, the project's package.json, the compiled
 * output and the production dependencies only, then packed by the maintained
 * `@anthropic-ai/mcpb` packer (which validates the manifest again with its own schema).
 */
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { UserError } from "../diagnostics.js";
import type { ManifestModel } from "../model/types.js";
import { builtEntry } from "./launch.js";
import { mcpbManifest } from "./mcpb-manifest.js";
import type { ProjectPackage } from "./package-info.js";
import { productionPackages } from "./production-deps.js";

export interface BundleReport {
  /** The .mcpb written, absolute. */
  readonly file: string;
  readonly bytes: number;
  /** Production packages bundled. */
  readonly packages: number;
}

/** Copies a package's own files: its nested node_modules are placed separately, production ones only. */
function copyPackage(source: string, target: string): void {
  const nested = path.join(source, "node_modules");
  cpSync(source, target, { recursive: true, dereference: true, filter: (file) => file !== nested && !file.startsWith(`${nested}${path.sep}`) });
}

export async function buildBundle(model: ManifestModel, pkg: ProjectPackage, out: string, cwd: string): Promise<BundleReport> {
  const entry = builtEntry(model);
  const entryFile = path.join(model.baseDir, ...entry.split("/"));
  if (!existsSync(entryFile)) {
    throw new UserError([
      { file: path.relative(cwd, entryFile).split(path.sep).join("/"), pointer: "", message: "not found: build the server first (npm run build)" },
    ]);
  }
  const manifest = await mcpbManifest(model, pkg, cwd);
  const packages = productionPackages(model.baseDir);
  const staging = mkdtempSync(path.join(os.tmpdir(), "turbomcp-bundle-"));
  try {
    writeFileSync(path.join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    // package.json says how node loads the compiled files ("type": "module").
    cpSync(path.join(model.baseDir, "package.json"), path.join(staging, "package.json"));
    const outputRoot = entry.split("/")[0] ?? entry;
    cpSync(path.join(model.baseDir, outputRoot), path.join(staging, outputRoot), { recursive: true, dereference: true });
    for (const placed of packages) copyPackage(placed.source, path.join(staging, ...placed.location.split("/")));
    // Loaded only here: the packer pulls in its own dependencies (zip, prompts).
    const { packExtension } = await import("@anthropic-ai/mcpb");
    const packed = await packExtension({ extensionPath: staging, outputPath: out, silent: true });
    if (!packed) throw new Error(`@anthropic-ai/mcpb could not pack ${staging}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { file: out, bytes: statSync(out).size, packages: packages.length };
}

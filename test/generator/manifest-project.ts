/**
 * A throw-away folder for manifest tests: write files, run `buildModel` and read
 * its diagnostics as `file:line:col pointer: message`, the form users see.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Diagnostic, UserError, formatDiagnostic } from "../../packages/cli/src/diagnostics.js";
import type { ManifestModel } from "../../packages/cli/src/model/types.js";
import { buildModel } from "../../packages/cli/src/pipeline.js";

export interface ManifestProject {
  readonly dir: string;
  /** Writes `content` (text as is, anything else as 2-space JSON) to `relative`. */
  write(relative: string, content: unknown): void;
  build(manifest?: string): Promise<ManifestModel>;
  /** The diagnostics of a manifest that must fail. */
  diagnostics(manifest?: string): Promise<readonly Diagnostic[]>;
  /** The same, formatted as the CLI prints them. */
  errors(manifest?: string): Promise<string[]>;
  remove(): void;
}

/** The smallest valid manifest, to extend per test. */
export const server = { name: "demo", version: "1.0.0" };
export const objectSchema = { type: "object" };

export function manifestProject(): ManifestProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), "turbomcp-manifest-"));
  const diagnostics = async (manifest = "manifest.json"): Promise<readonly Diagnostic[]> => {
    try {
      await buildModel(manifest, dir);
    } catch (error) {
      if (error instanceof UserError) return error.diagnostics;
      throw error;
    }
    throw new Error(`${manifest} was expected to fail but built`);
  };
  return {
    dir,
    write(relative, content) {
      const file = path.join(dir, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
    },
    build: (manifest = "manifest.json") => buildModel(manifest, dir),
    diagnostics,
    errors: async (manifest) => (await diagnostics(manifest)).map(formatDiagnostic),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

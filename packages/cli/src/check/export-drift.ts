/**
 * Exported files the manifest keeps (`distribution.serverJson`, `serverCard`)
 * compared with a fresh export, as generated code is compared with a fresh
 * generation: a missing or different file is drift.
 */
import { exportText, keptExports } from "../distribution/exports.js";
import type { ManifestModel } from "../model/types.js";
import { readIfExists } from "../plan/disk.js";
import { resolveInside } from "../util/safe-path.js";

export interface StaleExport {
  /** Relative to the manifest's folder. */
  readonly path: string;
  /** The command that rewrites it. */
  readonly command: string;
  readonly diff: string;
}

export function exportDrift(model: ManifestModel, cwd: string, diff: (file: string, before: string, after: string) => string): StaleExport[] {
  return keptExports(model, cwd).flatMap((kept) => {
    const fresh = exportText(kept.kind, model, {}, cwd);
    const onDisk = readIfExists(resolveInside(model.baseDir, kept.path));
    if (onDisk === fresh) return [];
    return [{ path: kept.path, command: kept.command, diff: onDisk === undefined ? "(missing)" : diff(kept.path, onDisk, fresh) }];
  });
}

/**
 * The writer: generated files are written atomically and only when their bytes
 * change; scaffold files are created once and never overwritten; generated files
 * the manifest no longer asks for are removed (only ones carrying our marker).
 */
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PlannedFile } from "../emit/contract.js";
import { GENERATED_MARKER } from "../emit/header.js";
import type { ManifestModel } from "../model/types.js";
import { resolveInside } from "../util/safe-path.js";
import { listFiles, readIfExists } from "./disk.js";

export interface WriteReport {
  /** Generated files whose bytes changed (or that were new). */
  readonly written: string[];
  /** Scaffold files created now. */
  readonly created: string[];
  readonly unchanged: string[];
  /** Scaffold files left alone because they exist and belong to the user. */
  readonly kept: string[];
  /** Generated files removed because the manifest no longer asks for them. */
  readonly removed: string[];
}

function temporaryPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

function writeAtomically(target: string, contents: string): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = temporaryPath(target);
  writeFileSync(temporary, contents);
  try {
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Creates `target` with `contents` unless it exists; never replaces a file, even in a race. */
function createOnce(target: string, contents: string): boolean {
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = temporaryPath(target);
  writeFileSync(temporary, contents);
  try {
    linkSync(temporary, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/** Generated files on disk that no planned file accounts for. */
export function leftoverGeneratedFiles(model: ManifestModel, plannedPaths: readonly string[]): string[] {
  const planned = new Set(plannedPaths);
  return listFiles(resolveInside(model.baseDir, model.codegen.generatedDir))
    .map((relative) => `${model.codegen.generatedDir}/${relative}`)
    .filter((relative) => relative.endsWith(".gen.ts") && !planned.has(relative))
    .filter((relative) => readIfExists(resolveInside(model.baseDir, relative))?.includes(GENERATED_MARKER) === true);
}

export function writePlan(model: ManifestModel, files: readonly PlannedFile[]): WriteReport {
  const report: WriteReport = { written: [], created: [], unchanged: [], kept: [], removed: [] };
  for (const file of files) {
    const target = resolveInside(model.baseDir, file.path);
    if (file.ownership === "scaffold") {
      if (createOnce(target, file.contents)) report.created.push(file.path);
      else report.kept.push(file.path);
      continue;
    }
    if (readIfExists(target) === file.contents) {
      report.unchanged.push(file.path);
    } else {
      writeAtomically(target, file.contents);
      report.written.push(file.path);
    }
  }
  for (const leftover of leftoverGeneratedFiles(
    model,
    files.map((file) => file.path),
  )) {
    rmSync(resolveInside(model.baseDir, leftover));
    report.removed.push(leftover);
  }
  return report;
}

/**
 * The one path-safety guard: every file the generator reads or writes for a
 * manifest entry goes through here, so no name can reach outside the project
 * folder.
 */
import { realpathSync } from "node:fs";
import path from "node:path";

/** Whether `candidate` is `folder` itself or inside it. */
export function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  // `..data.json` is a file inside; only a whole `..` segment climbs out.
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** Resolves a planned relative path under `baseDir`, refusing anything that escapes it. */
export function resolveInside(baseDir: string, relativePath: string): string {
  const absolute = path.resolve(baseDir, relativePath);
  if (path.isAbsolute(relativePath) || !isInside(baseDir, absolute) || absolute === baseDir) {
    throw new Error(`refusing to touch "${relativePath}": it is outside ${baseDir}`);
  }
  return absolute;
}

/**
 * Where the file at `candidate` really is with respect to `folder`, decided
 * without opening it: `missing` when it (or a symlink on the way) leads nowhere.
 * Symlinks are followed, of the file and of every folder above it, so a link
 * committed inside the project cannot lead out of it.
 */
export function locateInside(folder: string, candidate: string): "inside" | "outside" | "missing" {
  // Checked on the path as written first: `../../etc/passwd` is refused without touching the disk.
  if (!isInside(folder, candidate)) return "outside";
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return "missing";
  }
  return isInside(realpathSync(folder), real) ? "inside" : "outside";
}

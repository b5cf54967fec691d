/** Reading what is on disk for the writer and for `check`. */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

export function readIfExists(absolutePath: string): string | undefined {
  try {
    return readFileSync(absolutePath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Every file below `folder` (relative paths, forward slashes, sorted); none when it does not exist. */
export function listFiles(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(folder, { recursive: true, encoding: "utf8" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries.map((entry) => entry.split(path.sep).join("/")).sort();
}

/**
 * Watches a project's folders for `turbomcp dev`: one non-recursive `fs.watch` per
 * folder (node_modules and dot-folders left out), new folders joined
 * as they appear. Editors save in many ways (write in place, write a copy and rename,
 * several events per save), so events are gathered for a short quiet period and a file
 * counts as changed only when its bytes differ from the last ones seen.
 */
import { createHash } from "node:crypto";
import { type FSWatcher, readFileSync, readdirSync, statSync, watch } from "node:fs";
import path from "node:path";

export interface ProjectWatcherOptions {
  /** Called with the files (absolute) whose bytes changed, appeared or vanished, once quiet. */
  readonly onChange: (files: readonly string[]) => void;
  /** How long events are gathered before they are reported. */
  readonly quietMs?: number;
}

export interface ProjectWatcher {
  /** Takes the files' current bytes as seen, so only later edits count (after a write of our own). */
  remember(files: Iterable<string>): void;
  close(): void;
}

const QUIET_MS = 30;

function digest(file: string): string | undefined {
  try {
    return createHash("sha1").update(readFileSync(file)).digest("hex");
  } catch {
    return undefined;
  }
}

function isSkippedFolder(name: string): boolean {
  return name === "node_modules" || name.startsWith(".");
}

export function watchProject(root: string, options: ProjectWatcherOptions): ProjectWatcher {
  const watchers = new Map<string, FSWatcher>();
  const seen = new Map<string, string | undefined>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const flush = (): void => {
    timer = undefined;
    const changed: string[] = [];
    for (const file of pending) {
      const now = digest(file);
      if (seen.has(file) && seen.get(file) === now) continue;
      seen.set(file, now);
      changed.push(file);
    }
    pending = new Set();
    if (changed.length > 0) options.onChange(changed.sort());
  };

  const watchFolder = (folder: string): void => {
    if (watchers.has(folder)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (_event, name) => {
        if (name === null) return;
        const file = path.join(folder, name.toString());
        if (isFolder(file)) {
          if (!isSkippedFolder(path.basename(file))) watchTree(file);
          return;
        }
        pending.add(file);
        timer ??= setTimeout(flush, options.quietMs ?? QUIET_MS);
      });
    } catch {
      return; // Gone already, or not readable: nothing in it can be served either.
    }
    // A deleted folder's watcher ends with an error event; forget it so a new folder of that name is watched.
    watcher.on("error", () => {
      watcher.close();
      watchers.delete(folder);
    });
    watchers.set(folder, watcher);
  };

  const watchTree = (folder: string): void => {
    watchFolder(folder);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) if (entry.isDirectory() && !isSkippedFolder(entry.name)) watchTree(path.join(folder, entry.name));
  };

  watchTree(path.resolve(root));
  return {
    remember(files) {
      for (const file of files) seen.set(file, digest(file));
    },
    close() {
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

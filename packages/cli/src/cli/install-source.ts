/**
 * What a new project should depend on: whatever the running CLI was installed from.
 * A published turbomcp gets the semver range; an unpublished one gets the `file:`
 * path or tarball it came from, so `init` works from a clone and from `npm pack`
 * output, not only from a registry.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The dependency specs `init` writes into the new project's package.json. */
export interface DependencySpecs {
  /** `@turbomcp/runtime`, a run-time dependency. */
  readonly runtime: string;
  /** `turbomcp` (this CLI), a dev dependency. */
  readonly cli: string;
}

export interface InstalledPackage {
  /** The package folder, symlinks resolved. */
  readonly directory: string;
  readonly version: string;
}

/** A path spec relative to the project, with forward slashes, as npm writes them. */
function fileSpec(projectDir: string, target: string): string {
  const relative = path.relative(projectDir, target).split(path.sep).join("/");
  return `file:${relative === "" ? "." : relative}`;
}

/**
 * npm records where each installed package came from in the hidden lockfile
 * `node_modules/.package-lock.json` (or the project's `package-lock.json`):
 * `resolved` is a registry URL, or `file:<path>` relative to the install root.
 */
function recordedSource(installRoot: string, key: string): string | undefined {
  for (const lockfile of [path.join(installRoot, "node_modules", ".package-lock.json"), path.join(installRoot, "package-lock.json")]) {
    if (!existsSync(lockfile)) continue;
    try {
      const lock = JSON.parse(readFileSync(lockfile, "utf8")) as { packages?: Record<string, { resolved?: unknown; link?: unknown }> };
      const entry = lock.packages?.[key];
      if (typeof entry?.resolved === "string") return entry.resolved;
    } catch {
      // An unreadable lockfile says nothing about the source; try the next one.
    }
  }
  return undefined;
}

/** The spec for one package: a checkout folder, a recorded `file:` source, or the published range. */
export function specFor(projectDir: string, installed: InstalledPackage): string {
  const segments = installed.directory.split(path.sep);
  const first = segments.indexOf("node_modules");
  // Not inside node_modules: a checkout of the turbomcp repository (a clone).
  if (first === -1) return fileSpec(projectDir, installed.directory);
  // The lockfile keys a nested package by its whole path: node_modules/a/node_modules/b.
  const installRoot = segments.slice(0, first).join(path.sep) || path.sep;
  const resolved = recordedSource(installRoot, segments.slice(first).join("/"));
  if (resolved?.startsWith("file:") === true) return fileSpec(projectDir, path.resolve(installRoot, resolved.slice("file:".length)));
  return `^${installed.version}`;
}

function installedPackage(packageJson: string): InstalledPackage {
  const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
  return { directory: realpathSync(path.dirname(packageJson)), version };
}

/** From a clone, e.g. `{ runtime: "file:../turbomcp/packages/runtime", cli: "file:../turbomcp/packages/cli" }`. */
export function dependencySpecs(projectDir: string, cliPackageJson: string): DependencySpecs {
  const cli = installedPackage(cliPackageJson);
  // The runtime this CLI links against: the one it resolves itself, wherever npm put it.
  const runtime = installedPackage(createRequire(cliPackageJson).resolve("@turbomcp/runtime/package.json"));
  return { runtime: specFor(projectDir, runtime), cli: specFor(projectDir, cli) };
}

/**
 * The production dependencies of a project, found the way Node finds them (so a
 * workspace link, a hoisted install and a nested one all work): the packages its
 * package.json `dependencies` name, then theirs, recursively. Dev dependencies are
 * never reached. Each is placed as npm would: at the top of `node_modules` unless
 * another version already sits there, then under the package that needs it.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { UserError } from "../diagnostics.js";

export interface PlacedPackage {
  readonly name: string;
  /** The installed package's real folder, to copy from. */
  readonly source: string;
  /** Where it goes in the bundle, e.g. `node_modules/ajv` or `node_modules/a/node_modules/b`. */
  readonly location: string;
}

interface PackageJson {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

function readPackageJson(folder: string): PackageJson {
  return JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")) as PackageJson;
}

/**
 * The real folder of `name` as a file in `from` would import it: Node's lookup,
 * `node_modules/<name>` in `from` and each folder above it. Done by hand because
 * `require.resolve` honours `exports`, which may hide package.json or offer no
 * CommonJS entry at all.
 */
function resolvePackage(name: string, from: string): string | undefined {
  for (let folder = from; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, "node_modules", ...name.split("/"));
    if (existsSync(path.join(candidate, "package.json"))) return realpathSync(candidate);
    if (path.dirname(folder) === folder) return undefined;
  }
}

/**
 * Every production dependency of the project at `projectDir`, in a stable order.
 * Throws when a (non-optional) dependency is not installed: the bundle would not start.
 */
export function productionPackages(projectDir: string): readonly PlacedPackage[] {
  const placed: PlacedPackage[] = [];
  const topLevel = new Map<string, string>();
  const visit = (folder: string, parentLocation: string): void => {
    const pkg = readPackageJson(folder);
    const names = [
      ...Object.keys(pkg.dependencies ?? {}).map((name) => [name, false] as const),
      ...Object.keys(pkg.optionalDependencies ?? {}).map((name) => [name, true] as const),
    ];
    for (const [name, optional] of names.sort(([a], [b]) => a.localeCompare(b))) {
      const source = resolvePackage(name, folder);
      if (source === undefined) {
        if (optional) continue;
        throw new UserError([
          {
            file: path.join(folder, "package.json"),
            pointer: `/dependencies/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`,
            message: "not installed: run npm install before bundling",
          },
        ]);
      }
      const top = topLevel.get(name);
      if (top === source) continue;
      const location = top === undefined ? path.posix.join("node_modules", name) : path.posix.join(parentLocation, "node_modules", name);
      if (placed.some((entry) => entry.location === location)) continue;
      if (top === undefined) topLevel.set(name, source);
      placed.push({ name, source, location });
      visit(source, location);
    }
  };
  visit(projectDir, "");
  return placed;
}

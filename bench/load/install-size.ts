/**
 * Install size: what a generated server costs on disk in production. Both workspace
 * packages are packed (`npm pack`, as they would be published); a project made by
 * `turbomcp generate` (the 1-tool benchmark project, built to dist/) gets a
 * package.json whose only dependency is the runtime tarball, with the CLI tarball and
 * TypeScript as dev dependencies as a real project has them; `npm install --omit=dev`
 * in a temporary folder outside the repository (so nothing resolves from the
 * repository's node_modules) then shows what production gets: the bytes and packages
 * of node_modules, whether a compiler or generator came along, and whether the server
 * starts from that install alone. Peers: projects depending on the official SDK v1
 * and v2 at the versions the repository pins, installed the same way (not in a smoke
 * run, which only checks that the workload runs).
 *
 * The packs skip `prepack` (the build): ensureRuntimeBuilt has just built the runtime,
 * and the CLI tarball is a dev dependency, never unpacked by `--omit=dev`.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot, run, type PlainBuilds } from "./builds.js";
import { MCP_REPLY, timeToInitialize } from "./cold-start.js";
import type { ResultRow } from "./results.js";

/** Packages that belong to the toolchain, not to a running server. */
export const COMPILER_PACKAGES: readonly string[] = [
  "typescript",
  "ts-morph",
  "@ts-morph/common",
  "handlebars",
  "json-schema-to-typescript",
  "tsx",
  "esbuild",
  "turbomcp",
];

export interface NodeModulesFacts {
  /** Bytes of every file (and symlink) under node_modules, directories not counted. */
  readonly bytes: number;
  /** Installed packages, each copy counted (nested node_modules too). */
  readonly packages: number;
  /** Names of the installed packages, e.g. "express", "@scope/name". */
  readonly names: ReadonlySet<string>;
}

/** Walks a node_modules folder: a du-like total and the packages in it. */
export function walkNodeModules(nodeModules: string): NodeModulesFacts {
  let bytes = 0;
  let packages = 0;
  const names = new Set<string>();
  // Every file counts; symlinks (.bin, linked packages) count as links, not followed.
  const files = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (!entry.isDirectory()) bytes += lstatSync(full).size;
      else if (entry.name === "node_modules") modules(full);
      else files(full);
    }
  };
  const enter = (dir: string, name: string): void => {
    if (existsSync(path.join(dir, "package.json"))) {
      packages += 1;
      names.add(name);
    }
    files(dir);
  };
  const modules = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (!entry.isDirectory()) bytes += lstatSync(full).size;
      else if (entry.name === ".bin") files(full);
      else if (entry.name.startsWith("@")) {
        for (const scoped of readdirSync(full, { withFileTypes: true })) {
          const inner = path.join(full, scoped.name);
          if (scoped.isDirectory()) enter(inner, `${entry.name}/${scoped.name}`);
          else bytes += lstatSync(inner).size;
        }
      } else enter(full, entry.name);
    }
  };
  modules(nodeModules);
  return { bytes, packages, names };
}

export interface InstallSizeSettings {
  /** A smoke run: a registry npm cannot reach skips the workload instead of failing it. */
  readonly smoke: boolean;
  /** The generated 1-tool project (prepareTurbomcpProject) and its JavaScript. */
  readonly projectDir: string;
  readonly builds: PlainBuilds;
  readonly serverPrefix: readonly string[];
  readonly log: (line: string) => void;
}

/** npm's words when it could not reach the registry (and the package was not in its cache). */
const NETWORK_ERROR = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENOTCACHED)\b|npm error network/;

interface Project {
  readonly id: string;
  readonly label: string;
  readonly dir: string;
}

function writePackageJson(dir: string, fields: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: path.basename(dir), version: "0.0.0", private: true, type: "module", ...fields }, null, 2)}\n`,
  );
}

/** Packs a workspace package into `destination`; returns the tarball's path. */
async function pack(workspace: string, destination: string): Promise<string> {
  const { stdout } = await run("npm", ["pack", "--workspace", workspace, "--pack-destination", destination, "--ignore-scripts", "--json"], repoRoot);
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string }[];
  if (packed === undefined) throw new Error(`npm pack --workspace ${workspace} reported no tarball`);
  return path.join(destination, packed.filename);
}

async function install(project: Project, smoke: boolean): Promise<{ ok: true } | { ok: false; row: ResultRow }> {
  const args = ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"];
  // Without a registry, npm's default retries take minutes; a smoke run does not retry at all.
  args.push(...(smoke ? ["--fetch-retries=0", "--fetch-timeout=20000"] : ["--fetch-retries=1", "--fetch-retry-maxtimeout=10000"]));
  try {
    await run("npm", args, project.dir);
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const base = { target: project.id, label: project.label, workload: "install-size" as const };
    if (smoke && NETWORK_ERROR.test(message))
      return { ok: false, row: { ...base, failures: 0, skipped: "npm could not reach the registry and its cache lacks a package (a smoke run skips this)" } };
    return { ok: false, row: { ...base, failures: 1, error: message } };
  }
}

export async function installSize(settings: InstallSizeSettings): Promise<ResultRow[]> {
  const rootPackage = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const version = (name: string): string => {
    const pinned = rootPackage.devDependencies[name];
    if (pinned === undefined) throw new Error(`the root package.json pins no ${name}`);
    return pinned;
  };
  const work = mkdtempSync(path.join(tmpdir(), "turbomcp-bench-install-"));
  try {
    const packs = path.join(work, "packs");
    mkdirSync(packs);
    const runtimeTarball = await pack("packages/runtime", packs);
    const cliTarball = await pack("packages/cli", packs);
    const runtimeVersion = (JSON.parse(readFileSync(path.join(repoRoot, "packages", "runtime", "package.json"), "utf8")) as { version: string }).version;

    const ours: Project = {
      id: "turbomcp",
      label: `turbomcp generated server (@turbomcp/runtime ${runtimeVersion}, packed)`,
      dir: path.join(work, "turbomcp"),
    };
    mkdirSync(ours.dir);
    cpSync(path.join(settings.projectDir, "manifest.json"), path.join(ours.dir, "manifest.json"));
    cpSync(path.join(settings.projectDir, "src"), path.join(ours.dir, "src"), { recursive: true });
    // The build output, without the package.json that marks the folder as ES modules (the project's own does).
    cpSync(settings.builds.turbomcpDist, path.join(ours.dir, "dist"), { recursive: true, filter: (source) => path.basename(source) !== "package.json" });
    writePackageJson(ours.dir, {
      scripts: { start: "node dist/generated/server.gen.js --transport stdio" },
      dependencies: { "@turbomcp/runtime": `file:${runtimeTarball}` },
      devDependencies: { turbomcp: `file:${cliTarball}`, typescript: version("typescript") },
    });
    const sdkV1 = version("@modelcontextprotocol/sdk");
    const sdkV2 = version("@modelcontextprotocol/server");
    const peers: (Project & { dependencies: Record<string, string> })[] = [
      {
        id: "sdk-v1",
        label: `SDK v1 (@modelcontextprotocol/sdk ${sdkV1})`,
        dir: path.join(work, "sdk-v1"),
        dependencies: { "@modelcontextprotocol/sdk": sdkV1 },
      },
      {
        id: "sdk-v2",
        label: `SDK v2 (@modelcontextprotocol/server ${sdkV2})`,
        dir: path.join(work, "sdk-v2"),
        dependencies: { "@modelcontextprotocol/server": sdkV2 },
      },
    ];
    // A smoke run checks that the workload runs; the peers' installs are the same steps and would only add time.
    if (settings.smoke) peers.length = 0;
    for (const peer of peers) writePackageJson(peer.dir, { dependencies: peer.dependencies });

    // Sizes, not times: the installs may share the machine.
    const projects = [ours, ...peers];
    const installs = await Promise.all(projects.map((project) => install(project, settings.smoke)));
    const rows: ResultRow[] = [];
    for (const [index, project] of projects.entries()) {
      const outcome = installs[index]!;
      if (!outcome.ok) {
        settings.log(`  ${project.id} install size: ${outcome.row.skipped ?? outcome.row.error?.split("\n")[0] ?? ""}`);
        rows.push(outcome.row);
        continue;
      }
      const facts = walkNodeModules(path.join(project.dir, "node_modules"));
      const compilers = COMPILER_PACKAGES.filter((name) => facts.names.has(name));
      let starts: boolean | undefined;
      let startError: string | undefined;
      if (project === ours) {
        try {
          await timeToInitialize(
            { script: path.join(ours.dir, "dist", "generated", "server.gen.js"), args: ["--transport", "stdio"], cwd: ours.dir, expect: MCP_REPLY },
            settings.serverPrefix,
          );
          starts = true;
        } catch (error) {
          starts = false;
          startError = error instanceof Error ? error.message : String(error);
        }
      }
      settings.log(
        `  ${project.id} install size: ${(facts.bytes / 1e6).toFixed(1)} MB, ${facts.packages} packages, compilers: ${compilers.join(", ") || "none"}${starts === undefined ? "" : `, starts: ${starts ? "yes" : "NO"}`}`,
      );
      rows.push({
        target: project.id,
        label: project.label,
        workload: "install-size",
        bytes: facts.bytes,
        packages: facts.packages,
        compilers,
        ...(starts !== undefined && { startsFromInstall: starts }),
        count: 1,
        failures: starts === false ? 1 : 0,
        ...(startError !== undefined && { error: `the server does not start from the production install: ${startError}` }),
      });
    }
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

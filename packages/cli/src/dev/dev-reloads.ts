/**
 * The reload loop of `turbomcp dev`: files changed → (the manifest changed?) rebuild
 * the model and write what changed → import the routing table again → swap it into
 * the running server → one status line. Reloads run one at a time; changes arriving
 * during one are gathered into the next. Whatever fails (a manifest error, a handler
 * that does not compile or throws while loading, a table the server cannot take
 * without a restart) is printed, located, and the last good table keeps serving.
 */
import path from "node:path";
import type { LiveRoutes, RouteTable } from "@turbomcp/runtime";
import { UserError } from "../diagnostics.js";
import { buildModel, planFiles } from "../pipeline.js";
import { writePlan } from "../plan/write-plan.js";
import type { ManifestModel } from "../model/types.js";
import { describeRouteChanges } from "./route-changes.js";
import type { ModuleReloader } from "./module-reloader.js";

export interface DevReloadsOptions {
  /** The manifest as the user named it, and where they ran the command. */
  readonly manifest: string;
  readonly cwd: string;
  readonly model: ManifestModel;
  readonly live: LiveRoutes;
  readonly reloader: ModuleReloader;
  /** Project modules the table uses (filled as the reloader reports them). */
  readonly modules: ReadonlySet<string>;
  /** Files this loop wrote (generated code, stubs): their new bytes are not an edit. */
  readonly wrote: (files: readonly string[]) => void;
  readonly print: (line: string) => void;
  /** After each reload that swapped the table in, with the model it was built from. */
  readonly reloaded?: (model: ManifestModel) => void;
}

export interface DevReloads {
  /** Files whose bytes changed (absolute). Irrelevant ones are ignored. */
  changed(files: readonly string[]): void;
  /** Resolves once no reload is running or waiting. */
  idle(): Promise<void>;
}

/** JSON files beside the manifest that are project settings, never part of it. */
const NOT_MANIFEST_INPUTS = /^(package(-lock)?|tsconfig(\..*)?|jsconfig)\.json$/;

export function routesFileOf(model: ManifestModel): string {
  return path.resolve(model.baseDir, model.codegen.generatedDir, "routes.gen.ts");
}

function isRouteTable(value: unknown): value is RouteTable {
  return typeof value === "object" && value !== null && "lists" in value && "tools" in value && value.tools instanceof Map;
}

/**
 * What to print of an error: its message, which says where for a compile error
 * (esbuild's "file:line:col: ERROR: …"), and for a module that threw while loading,
 * the first stack frame in the project (not a package's or the loader's).
 */
function errorText(error: unknown, projectDir: string): string {
  if (!(error instanceof Error)) return String(error);
  const frame = (error.stack ?? "").split("\n").find((line) => /^\s+at /.test(line) && line.includes(projectDir) && !line.includes("node_modules"));
  return frame === undefined ? `${error.name}: ${error.message}` : `${error.name}: ${error.message}\n${frame}`;
}

export function createDevReloads(options: DevReloadsOptions): DevReloads {
  let model = options.model;
  const display = (file: string): string => path.relative(options.cwd, file).split(path.sep).join("/") || ".";
  const generatedDir = (): string => path.resolve(model.baseDir, model.codegen.generatedDir) + path.sep;
  const isManifestInput = (file: string): boolean =>
    file === path.resolve(options.cwd, options.manifest) ||
    (file.endsWith(".json") && !NOT_MANIFEST_INPUTS.test(path.basename(file)) && !file.startsWith(generatedDir()));

  let pending = new Set<string>();
  let running: Promise<void> | undefined;

  async function reload(files: readonly string[]): Promise<void> {
    const started = performance.now();
    const manifestChanged = files.some(isManifestInput);
    const notes: string[] = [];
    const changed = `${files.map(display).join(", ")} changed`;
    // What was regenerated is said even when the reload stops after it.
    const what = (): string => (notes.length > 0 ? `${changed}; ${notes.join("; ")}` : changed);
    if (manifestChanged) {
      try {
        model = await buildModel(options.manifest, options.cwd, { trustFingerprint: true });
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        options.print(`${what()}; the manifest has errors, the last good table keeps serving:\n${error.message}`);
        return;
      }
      const report = writePlan(model, await planFiles(model));
      options.wrote([...report.written, ...report.created].map((file) => path.resolve(model.baseDir, file)));
      if (report.written.length + report.removed.length > 0) notes.push(`regenerated ${report.written.length + report.removed.length} files`);
      if (report.created.length > 0)
        notes.push(`created ${report.created.length === 1 ? "1 stub" : `${report.created.length} stubs`}: ${report.created.join(", ")}`);
    }
    let next: unknown;
    try {
      next = ((await options.reloader.load(routesFileOf(model))) as { routes?: unknown }).routes;
    } catch (error) {
      options.print(`${what()}; it does not load, the last good table keeps serving:\n${errorText(error, model.baseDir)}`);
      return;
    }
    if (!isRouteTable(next)) {
      options.print(`${what()}; ${display(routesFileOf(model))} exports no routing table, the last good table keeps serving`);
      return;
    }
    const changes = describeRouteChanges(options.live.routes, next);
    try {
      options.live.replace(next);
    } catch (error) {
      options.print(`${what()}; restart \`turbomcp dev\` to apply it (the last good table keeps serving): ${errorText(error, model.baseDir)}`);
      return;
    }
    const elapsed = Math.round(performance.now() - started);
    options.print(`${what()}; reloaded in ${elapsed} ms: ${changes === "" ? "no list changed" : changes}`);
    options.reloaded?.(model);
  }

  function drain(): void {
    running ??= (async () => {
      while (pending.size > 0) {
        const files = [...pending].sort();
        pending = new Set();
        try {
          await reload(files);
        } catch (error) {
          // A bug of ours: said as such, and the server goes on with the table it has.
          options.print(`internal error while reloading, please report it:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
      }
    })().finally(() => {
      running = undefined;
      // Files that arrived between the loop's last look and now.
      if (pending.size > 0) drain();
    });
  }

  return {
    changed(files) {
      const relevant = files.filter((file) => isManifestInput(file) || options.modules.has(file));
      if (relevant.length === 0) return;
      for (const file of relevant) pending.add(file);
      drain();
    },
    async idle() {
      while (running !== undefined) await running;
    },
  };
}

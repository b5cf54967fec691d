/**
 * `turbomcp dev [manifest] [server options]`: `turbomcp serve` that follows your
 * edits. The manifest (and the files it references) and every project module the
 * routing table imports are watched; a change regenerates what it must, reloads the
 * changed modules and swaps the table in the running server, without dropping a
 * session, and connected clients hear which lists changed (docs/dev.md).
 */
import path from "node:path";
import type { RouteTable } from "@turbomcp/runtime";
import { generatedFilesAreSealed } from "../../check/drift.js";
import { createDevReloads, routesFileOf } from "../../dev/dev-reloads.js";
import { createModuleReloader } from "../../dev/module-reloader.js";
import { watchProject } from "../../dev/project-watcher.js";
import { buildModel, planFiles } from "../../pipeline.js";
import { writePlan } from "../../plan/write-plan.js";
import { type CliIo, EXIT } from "../io.js";
import { runtimeOf, splitServeArgs } from "./serve.js";

export async function devCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { manifest, serverArgs } = splitServeArgs(args);
  const model = await buildModel(manifest, io.cwd, { trustFingerprint: true });
  const runtime = await runtimeOf(model.baseDir);
  try {
    runtime.parseMainArgs(serverArgs);
  } catch (error) {
    io.stderr(`turbomcp dev: ${error instanceof Error ? error.message : String(error)}\nRun \`turbomcp dev --help\` for the server options.\n`);
    return EXIT.userError;
  }
  if (!generatedFilesAreSealed(model)) {
    const report = writePlan(model, await planFiles(model));
    io.stderr(`turbomcp: regenerated ${report.written.length} files, created ${report.created.length} stubs\n`);
  }

  const modules = new Set<string>();
  // Edits made while the project first loads are kept for the first reload.
  const early: string[] = [];
  let changed = (files: readonly string[]): void => void early.push(...files);
  const watcher = watchProject(model.baseDir, { onChange: (files) => changed(files) });
  watcher.remember([path.resolve(io.cwd, manifest)]);
  const reloader = await createModuleReloader(model.baseDir, (file) => {
    modules.add(file);
    watcher.remember([file]);
  });
  let routes: RouteTable;
  try {
    routes = ((await reloader.load(routesFileOf(model))) as { routes: RouteTable }).routes;
  } catch (error) {
    watcher.close();
    reloader.close();
    io.stderr(`turbomcp dev: the project does not load: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.userError;
  }
  const live = runtime.createLiveRoutes(routes);
  const print = (line: string): void => io.stderr(`turbomcp dev: ${line}\n`);
  const reloads = createDevReloads({ manifest, cwd: io.cwd, model, live, reloader, modules, wrote: (files) => watcher.remember(files), print });
  changed = (files) => reloads.changed(files);
  if (early.length > 0) reloads.changed(early);
  print(`watching ${path.relative(io.cwd, model.baseDir) || "."} for changes to the manifest and the handlers`);
  try {
    await runtime.runMain(routes, serverArgs, { liveRoutes: live });
  } finally {
    watcher.close();
    reloader.close();
  }
  return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
}

/**
 * `turbomcp dev [manifest] [server options]`: `turbomcp serve` that follows your
 * edits. The manifest (and the files it references) and every project module the
 * routing table imports are watched; a change regenerates what it must, reloads the
 * changed modules and swaps the table in the running server, without dropping a
 * session, and connected clients hear which lists changed (docs/dev.md).
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { ListeningEndpoint, RouteTable } from "@turbomcp/runtime";
import { createDevReloads, routesFileOf } from "../../dev/dev-reloads.js";
import { inspectorLaunch } from "../../dev/inspector.js";
import { clientSnippets, formatClientSnippets } from "../../distribution/client-config.js";
import { httpLaunch } from "../../distribution/launch.js";
import { createTypeReports } from "../../dev/type-reports.js";
import type { ManifestModel } from "../../model/types.js";
import { createModuleReloader } from "../../dev/module-reloader.js";
import { watchProject } from "../../dev/project-watcher.js";
import { type CliIo, EXIT } from "../io.js";
import { prepareServableProject } from "./serve.js";

/** Starts the project's Inspector against the endpoint, or says why not; the server serves on either way. */
function startInspector(projectDir: string, url: string, print: (line: string) => void): ChildProcess | undefined {
  const launch = inspectorLaunch(projectDir, url);
  if ("problem" in launch) {
    print(`--inspect: ${launch.problem}`);
    return undefined;
  }
  print(`starting the MCP Inspector for ${url}`);
  const child = spawn(launch.command, launch.args, { cwd: projectDir, stdio: ["ignore", "inherit", "inherit"] });
  child.on("error", (error) => print(`--inspect: the MCP Inspector did not start: ${error.message}`));
  // The server's signal handling ends the process with process.exit: the Inspector goes with it.
  const stop = (): void => void child.kill("SIGTERM");
  process.once("exit", stop);
  child.once("exit", () => process.off("exit", stop));
  return child;
}

export interface DevOptions {
  /** Start the project's MCP Inspector against the server (needs `--transport http`). */
  readonly inspect: boolean;
  /** Type-check the project in the background after each reload and print the errors. */
  readonly typecheck: boolean;
}

export async function devCommand(args: readonly string[], { inspect, typecheck }: DevOptions, io: CliIo): Promise<number> {
  // The Inspector reaches a server by URL (or spawns it itself, which this running server cannot be).
  const project = await prepareServableProject("dev", args, io, (parsed) => {
    if (inspect && (!("transport" in parsed) || parsed.transport !== "http")) throw new Error("--inspect needs --transport http");
  });
  if (project === undefined) return EXIT.userError;
  const { manifest, serverArgs, model, runtime } = project;

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
  const types = typecheck ? createTypeReports(io.cwd, print) : undefined;
  const reloads = createDevReloads({
    manifest,
    cwd: io.cwd,
    model,
    live,
    reloader,
    modules,
    wrote: (files) => watcher.remember(files),
    print,
    ...(types !== undefined && { reloaded: (current: ManifestModel) => types.check(current) }),
  });
  types?.check(model);
  changed = (files) => reloads.changed(files);
  if (early.length > 0) reloads.changed(early);
  print(`watching ${path.relative(io.cwd, model.baseDir) || "."} for changes to the manifest and the handlers`);
  let inspector: ChildProcess | undefined;
  try {
    await runtime.runMain(routes, serverArgs, {
      liveRoutes: live,
      ...(inspect && {
        onListening: ({ url }: ListeningEndpoint) => {
          // What a desktop client or editor needs to reach this very server, then the Inspector on it.
          print(`client configuration for ${url}:\n${formatClientSnippets(clientSnippets(model.server.name, httpLaunch(model, url)))}`);
          inspector = startInspector(model.baseDir, url, print);
        },
      }),
    });
  } finally {
    watcher.close();
    reloader.close();
    inspector?.kill("SIGTERM");
  }
  return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
}

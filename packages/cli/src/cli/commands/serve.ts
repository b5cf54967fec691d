/**
 * `turbomcp serve [manifest] [server options]`: runs a project straight from its
 * TypeScript sources, without a build step. Stale generated code is regenerated
 * first; everything but the protocol goes to stderr, so stdio stays clean.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as RuntimeModule from "@turbomcp/runtime";
import type { RouteTable } from "@turbomcp/runtime";
type Runtime = typeof RuntimeModule;
import { generatedFilesAreSealed } from "../../check/drift.js";
import { buildModel, planFiles } from "../../pipeline.js";
import { writePlan } from "../../plan/write-plan.js";
import type { ManifestModel } from "../../model/types.js";
import { resolveInside } from "../../util/safe-path.js";
import { type CliIo, EXIT } from "../io.js";

/** The first operand is the manifest unless it is an option; the rest goes to the server. */
export function splitServeArgs(args: readonly string[]): { readonly manifest: string; readonly serverArgs: string[] } {
  const [first, ...rest] = args;
  return first !== undefined && !first.startsWith("-") ? { manifest: first, serverArgs: rest } : { manifest: "manifest.json", serverArgs: [...args] };
}

/**
 * The runtime the project's own code links against, so the routing table and
 * `runMain` come from one copy even when the CLI was installed with another; this
 * CLI's runtime when the project cannot resolve one.
 */
export async function runtimeOf(projectDir: string): Promise<Runtime> {
  let entry: string;
  try {
    entry = createRequire(path.join(projectDir, "package.json")).resolve("@turbomcp/runtime");
  } catch {
    return import("@turbomcp/runtime");
  }
  return (await import(pathToFileURL(entry).href)) as Runtime;
}

type MainArgs = ReturnType<Runtime["parseMainArgs"]>;

/** A project ready to serve from its sources: `serve` and `dev` start the same way. */
export interface ServableProject {
  readonly manifest: string;
  readonly serverArgs: readonly string[];
  readonly parsed: MainArgs;
  readonly model: ManifestModel;
  readonly runtime: Runtime;
}

/**
 * Builds the model, finds the project's runtime, parses the server options (and lets
 * `check` refuse a combination) and regenerates stale code. Undefined, with the
 * reason on stderr in the command's own terms, when the options are bad.
 */
export async function prepareServableProject(
  command: "serve" | "dev",
  args: readonly string[],
  io: CliIo,
  check: (parsed: MainArgs) => void = () => undefined,
): Promise<ServableProject | undefined> {
  const { manifest, serverArgs } = splitServeArgs(args);
  const model = await buildModel(manifest, io.cwd, { trustFingerprint: true });
  const runtime = await runtimeOf(model.baseDir);
  let parsed: MainArgs;
  // The runtime would answer bad flags with its own `usage: <server>` line; say it in this command's terms instead.
  try {
    parsed = runtime.parseMainArgs(serverArgs);
    check(parsed);
  } catch (error) {
    io.stderr(`turbomcp ${command}: ${error instanceof Error ? error.message : String(error)}\nRun \`turbomcp ${command} --help\` for the server options.\n`);
    return undefined;
  }
  if (!generatedFilesAreSealed(model)) {
    const report = writePlan(model, await planFiles(model));
    io.stderr(`turbomcp: regenerated ${report.written.length} files, created ${report.created.length} stubs\n`);
  }
  return { manifest, serverArgs, parsed, model, runtime };
}

export async function serveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const project = await prepareServableProject("serve", args, io);
  if (project === undefined) return EXIT.userError;
  const { model, runtime, serverArgs } = project;
  // tsx compiles the handlers on the fly; loaded only here, as it is needed only here.
  const { register } = await import("tsx/esm/api");
  register();
  const routesFile = resolveInside(model.baseDir, path.posix.join(model.codegen.generatedDir, "routes.gen.ts"));
  const { routes } = (await import(pathToFileURL(routesFile).href)) as { routes: RouteTable };
  await runtime.runMain(routes, serverArgs);
  return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
}

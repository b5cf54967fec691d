/**
 * Imports a project's routing table again and again in one process, each time with
 * the project modules that changed since the last import evaluated afresh and the rest
 * (and every package) shared (see module-versions-hook.ts). tsx compiles the
 * TypeScript on the way, as `turbomcp serve` does.
 */
import { register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel } from "node:worker_threads";
import { VERSION_PARAMETER, type ModuleSeen, type ModuleVersionsData } from "./module-versions-hook.js";

export interface ModuleReloader {
  /** Imports `file` (absolute) as of now; rejects with the compiler's or the module's error. */
  load(file: string): Promise<unknown>;
  /** Lets the process exit (the hooks' port would hold it open). */
  close(): void;
}

/** The hooks' file next to this one: `.js` once built, `.ts` when run from the sources under tsx. */
function hooksUrl(): URL {
  const own = import.meta.url;
  return new URL(`./module-versions-hook${path.extname(new URL(own).pathname)}`, own);
}

/**
 * `onModule` hears of every project module a load uses, once each (absolute paths;
 * the hooks report them as they resolve them, so a few may arrive just after a load).
 */
export async function createModuleReloader(projectDir: string, onModule: (file: string) => void): Promise<ModuleReloader> {
  // tsx first: the hooks below run before it and see the files it resolved.
  const { register: registerTsx } = await import("tsx/esm/api");
  registerTsx();
  const { port1, port2 } = new MessageChannel();
  register(hooksUrl(), { data: { root: path.resolve(projectDir), port: port2 } satisfies ModuleVersionsData, transferList: [port2] });
  port1.on("message", (message: ModuleSeen) => onModule(message.file));
  port1.unref();
  let generation = 0;
  return {
    async load(file) {
      generation += 1;
      const url = pathToFileURL(file);
      url.searchParams.set(VERSION_PARAMETER, `g${generation}`);
      onModule(path.resolve(file));
      return (await import(url.href)) as unknown;
    },
    close() {
      port1.close();
    },
  };
}

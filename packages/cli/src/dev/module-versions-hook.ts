/**
 * Module hooks (node:module `register`) behind `turbomcp dev`'s reloads. ES modules
 * cannot be unloaded, so a reload imports the routing table again under a new URL:
 * `routes.gen.ts?turbomcp-dev=g<N>`. Below it, every project module gets a version in
 * its URL: a hash of its own bytes and of the versions of the modules it imported the
 * last time it loaded. An edited handler, and the modules above it, come back with a
 * new version and are evaluated again; everything else keeps its URL, so Node hands
 * back the module it already has, with its state (an in-memory store survives an edit
 * to another handler). Packages (anything under node_modules) and files outside the
 * project are never versioned: the runtime stays one instance for old and new tables.
 *
 * This file runs on Node's module-hooks thread; it talks to the CLI through `port`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { MessagePort } from "node:worker_threads";

/** The query parameter carrying a module's version (`g<N>` on a reload's root). */
export const VERSION_PARAMETER = "turbomcp-dev";

export interface ModuleVersionsData {
  /** The project's folder: modules inside it, outside node_modules, are versioned. */
  readonly root: string;
  /** Receives `{ file }` the first time each project module is resolved. */
  readonly port: MessagePort;
}

/** A message on the port: a project module the reloaded graph uses. */
export interface ModuleSeen {
  readonly file: string;
}

interface ResolveContext {
  readonly parentURL?: string;
}
interface ResolveResult {
  readonly url: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<ResolveResult>;

let root = "";
let port: MessagePort | undefined;
/** What each project module imported when it last loaded; its version depends on theirs. */
const imports = new Map<string, Set<string>>();
/** Versions worked out for the reload in progress (files are read once per reload). */
let versions = new Map<string, string>();

export function initialize(data: ModuleVersionsData): void {
  root = data.root.endsWith(path.sep) ? data.root : data.root + path.sep;
  port = data.port;
}

function versionOf(file: string, visiting: Set<string>): string {
  const known = versions.get(file);
  if (known !== undefined) return known;
  const hash = createHash("sha1");
  try {
    hash.update(readFileSync(file));
  } catch {
    // Gone or unreadable: the resolver below reports it when the module loads.
    hash.update("\0missing");
  }
  visiting.add(file);
  // An import cycle adds nothing more: the modules in it share their bytes' hashes anyway.
  for (const child of [...(imports.get(file) ?? [])].sort()) if (!visiting.has(child)) hash.update(versionOf(child, visiting));
  visiting.delete(file);
  const version = hash.digest("hex").slice(0, 16);
  versions.set(file, version);
  return version;
}

function isProjectModule(file: string): boolean {
  return file.startsWith(root) && !file.slice(root.length).split(path.sep).includes("node_modules");
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  const result = await nextResolve(specifier, context);
  if (!result.url.startsWith("file:")) return result;
  const url = new URL(result.url);
  // A reload's root: versions are worked out afresh, from the files as they are now.
  if (url.searchParams.get(VERSION_PARAMETER)?.startsWith("g") === true) {
    versions = new Map();
    return result;
  }
  // Only what a reload's graph imports is versioned; the CLI's own imports are left alone.
  if (context.parentURL === undefined || !context.parentURL.startsWith("file:")) return result;
  const parent = new URL(context.parentURL);
  if (!parent.searchParams.has(VERSION_PARAMETER)) return result;
  const file = fileURLToPath(url);
  if (!isProjectModule(file)) return result;
  const parentFile = fileURLToPath(parent);
  let imported = imports.get(parentFile);
  if (imported === undefined) imports.set(parentFile, (imported = new Set()));
  if (!imported.has(file)) {
    imported.add(file);
    port?.postMessage({ file } satisfies ModuleSeen);
  }
  url.searchParams.set(VERSION_PARAMETER, versionOf(file, new Set()));
  return { ...result, url: url.href };
}

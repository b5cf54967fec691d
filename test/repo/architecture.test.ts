/**
 * The layering rules of the repository, enforced:
 * - the runtime's folders form a one-way import graph: each folder has a layer, and an
 *   import goes to its own folder or a lower layer, or is one of the few same-layer
 *   imports named below, which never form a cycle;
 * - which layers may import which outside packages: Express and its helpers only in
 *   express/, no HTTP or network module below the services, WebSocket only in transports/;
 *   the lean MCP path reaches no Express;
 * - the runtime never imports the generator; the generator uses the runtime only
 *   through its public entry point `@turbomcp/runtime`.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/scratch.js";

const RUNTIME = "packages/runtime/src";

/**
 * The runtime's layers, lowest first. A folder may import its own files and those of
 * lower layers; the public entry points (`index.ts`, and `entries/` for the subpath
 * tiers) sit above them all.
 */
const LAYERS: readonly { readonly layer: string; readonly folders: readonly string[]; readonly holds: string }[] = [
  {
    layer: "base",
    folders: ["network", "validation", "config"],
    holds:
      "defaults, the runtime config, the manifest's policies, the network guards, ajv's run-time helpers, what the Redis stores share (the Lua runner, reading records back)",
  },
  { layer: "data", folders: ["handlers", "routing"], holds: "what handlers see and return (with the MCP types), the route table" },
  { layer: "core", folders: ["protocol"], holds: "JSON-RPC, the dispatcher, createServer, the logger seam: no HTTP" },
  {
    layer: "services",
    folders: ["auth", "oauth-server", "tenancy", "limits", "sessions", "cluster", "observability", "lifecycle", "middleware", "upstream"],
    holds:
      "authentication and admission, the built-in OAuth authorization server, tenants, rate limits, sessions, the bus between instances and the tasks they share, audit/metrics/health, draining, the built-in middleware, the HTTP helper of tools imported from OpenAPI",
  },
  { layer: "transports", folders: ["transports"], holds: "stdio, TCP, Unix, WebSocket, Streamable HTTP and legacy SSE on raw node:http" },
  { layer: "express", folders: ["express"], holds: "everything built on Express, cors or helmet: createMcpApp, the secured endpoint" },
  { layer: "assembly", folders: ["server"], holds: "listenHttp, runMain and its arguments, the production pipeline" },
  { layer: "entries", folders: ["entries"], holds: "the subpath entry points (@turbomcp/runtime/http, /express, …): re-exports only" },
];

/** The imports allowed between two folders of one layer, one way only, each for a reason. */
const SAME_LAYER: readonly { readonly from: string; readonly to: string; readonly why: string }[] = [
  { from: "config", to: "network", why: "the runtime config's listen options are the shared network options" },
  { from: "config", to: "validation", why: "the runtime config's validator is compiled ahead of time and runs on ajv's helpers" },
  { from: "routing", to: "handlers", why: "a route holds its handler, typed by the handler's context and result" },
  { from: "auth", to: "tenancy", why: "admission resolves the tenant once the caller is authenticated" },
  { from: "middleware", to: "limits", why: "the concurrency limit built-in holds its slots in the shared concurrency store" },
  { from: "middleware", to: "observability", why: "the redaction built-in censors keys the way the audit log does" },
  {
    from: "oauth-server",
    to: "auth",
    why: "the built-in authorization server hands the oauth2 scheme its keys (LocalIssuer) and reads the scheme's resource",
  },
];

/**
 * Outside packages each layer may import (a prefix of the module name), by the lowest
 * layer allowed: Express glue only at `express` and above, and so on.
 */
const PACKAGE_RULES: readonly { readonly packages: RegExp; readonly allowedIn: readonly string[]; readonly why: string }[] = [
  { packages: /^(express|cors|helmet|passport[^/]*)(\/|$)/, allowedIn: ["express"], why: "the framework-neutral core and the lean MCP path take no Express" },
  {
    packages: /^express-rate-limit(\/|$)/,
    allowedIn: ["express", "limits"],
    why: "its middleware is Express glue (express/rate-limit.ts); limits/ builds only on its framework-free store pieces",
  },
  { packages: /^ws(\/|$)/, allowedIn: ["transports"], why: "the WebSocket transport is the one WebSocket server" },
  {
    packages: /^@opentelemetry\//,
    allowedIn: ["observability"],
    why: "tracing is one implementation behind the core's seam (protocol/tracer.ts), loaded by the production pipeline on use",
  },
  {
    packages: /^(node:)?(http|https|http2|net|tls)(\/|$)/,
    allowedIn: ["services", "transports", "express", "assembly"],
    why: "the base, data and core layers are transport-neutral (the network guards read only strings)",
  },
];

function sources(folder: string): string[] {
  return readdirSync(path.join(repoRoot, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => path.join(folder, file));
}

function imports(file: string): string[] {
  const text = readFileSync(path.join(repoRoot, file), "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/g), ...text.matchAll(/import\(\s*"([^"]+)"\s*\)/g)].map(
    (match) => match[1] ?? "",
  );
}

function offending(folder: string, isForbidden: (specifier: string, file: string) => boolean): string[] {
  return sources(folder).flatMap((file) =>
    imports(file)
      .filter((specifier) => isForbidden(specifier, file))
      .map((specifier) => `${file} imports ${specifier}`),
  );
}

/** The runtime file a relative import names, relative to the runtime's root (`protocol/errors.ts`). */
function target(file: string, specifier: string): string {
  return path.relative(path.join(repoRoot, RUNTIME), path.resolve(path.dirname(path.join(repoRoot, file)), specifier)).replace(/\.js$/, ".ts");
}

/** `protocol/tasks/store.ts` → `protocol`; `index.ts` → undefined (the entry point). */
function folderOf(runtimeFile: string): string | undefined {
  const [first, ...rest] = runtimeFile.split(path.sep);
  return rest.length === 0 ? undefined : first;
}

const rank = new Map(LAYERS.flatMap(({ folders }, index) => folders.map((folder) => [folder, index] as const)));
const layerIndex = new Map(LAYERS.map(({ layer }, index) => [layer, index] as const));

/** Every import from one runtime folder to another: `from -> to` with the file that makes it. */
function folderEdges(): { from: string; to: string; where: string }[] {
  return sources(RUNTIME).flatMap((file) => {
    const from = folderOf(path.relative(RUNTIME, file));
    if (from === undefined) return [];
    return imports(file)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => ({ from, to: folderOf(target(file, specifier)) ?? "index.ts", where: `${file} imports ${specifier}` }))
      .filter(({ from: source, to }) => source !== to);
  });
}

describe("architecture", () => {
  it("gives every runtime folder a layer", () => {
    const folders = readdirSync(path.join(repoRoot, RUNTIME)).filter((entry) => statSync(path.join(repoRoot, RUNTIME, entry)).isDirectory());
    expect(folders.filter((folder) => !rank.has(folder))).toEqual([]);
    expect([...rank.keys()].filter((folder) => !folders.includes(folder))).toEqual([]);
  });

  it("imports only downwards between runtime folders, or along a named same-layer edge", () => {
    const edges = folderEdges();
    // The scanner must see imports at all, or the check proves nothing.
    expect(edges.length).toBeGreaterThan(100);
    const allowed = (from: string, to: string): boolean => {
      const [source, destination] = [rank.get(from), rank.get(to)];
      if (source === undefined || destination === undefined) return false;
      return destination < source || (destination === source && SAME_LAYER.some((edge) => edge.from === from && edge.to === to));
    };
    expect(edges.filter(({ from, to }) => !allowed(from, to)).map(({ where }) => where)).toEqual([]);
  });

  it("names same-layer edges that are used, within one layer, and never both ways", () => {
    const used = new Set(folderEdges().map(({ from, to }) => `${from} -> ${to}`));
    for (const { from, to } of SAME_LAYER) {
      expect(used.has(`${from} -> ${to}`), `${from} -> ${to} is not used any more: drop the rule`).toBe(true);
      expect(rank.get(from), `${from} and ${to} are in different layers`).toBe(rank.get(to));
    }
    // Acyclic: repeatedly remove folders with no outgoing same-layer edge; a cycle would be left over.
    let left = [...SAME_LAYER];
    for (let removed = true; removed;) {
      const sinks = new Set(left.map(({ to }) => to).filter((folder) => !left.some(({ from }) => from === folder)));
      removed = sinks.size > 0;
      left = left.filter(({ to }) => !sinks.has(to));
    }
    expect(left).toEqual([]);
  });

  it("imports each outside package only in the layers allowed to", () => {
    const problems = sources(RUNTIME).flatMap((file) => {
      const folder = folderOf(path.relative(RUNTIME, file));
      if (folder === undefined) return [];
      const layer = LAYERS[rank.get(folder) ?? -1]?.layer ?? "?";
      return imports(file).flatMap((specifier) =>
        PACKAGE_RULES.filter(({ packages, allowedIn }) => packages.test(specifier) && !allowedIn.includes(layer) && !allowedIn.includes(folder)).map(
          ({ why }) => `${file} imports ${specifier}: ${why}`,
        ),
      );
    });
    expect(problems).toEqual([]);
    expect(PACKAGE_RULES.flatMap(({ allowedIn }) => allowedIn).filter((name) => !layerIndex.has(name) && !rank.has(name))).toEqual([]);
  });

  it("keeps the lean MCP path (the secured endpoint and all it imports) free of Express", () => {
    const reached = new Set<string>();
    const visit = (runtimeFile: string): void => {
      if (reached.has(runtimeFile)) return;
      reached.add(runtimeFile);
      const file = path.join(RUNTIME, runtimeFile);
      for (const specifier of imports(file)) if (specifier.startsWith(".")) visit(target(file, specifier));
    };
    visit("express/mcp-endpoint.ts");
    expect(reached.size).toBeGreaterThan(20);
    const express = [...reached].flatMap((runtimeFile) =>
      imports(path.join(RUNTIME, runtimeFile))
        .filter((specifier) => /^(express|cors)(\/|$)/.test(specifier))
        .map((specifier) => `${runtimeFile} imports ${specifier}`),
    );
    expect(express).toEqual([]);
  });

  it("keeps the protocol core free of Express and HTTP", () => {
    expect(
      offending("packages/runtime/src/protocol", (specifier) => /^(express|helmet|passport|node:http|node:https|http|https)(\/|$)/.test(specifier)),
    ).toEqual([]);
  });

  it("never imports the generator from the runtime", () => {
    expect(
      offending("packages/runtime/src", (specifier, file) =>
        path.resolve(path.dirname(path.join(repoRoot, file)), specifier).startsWith(path.join(repoRoot, "packages/cli")),
      ),
    ).toEqual([]);
  });

  it("uses the runtime from the generator only through @turbomcp/runtime", () => {
    // The scanner must see imports at all, or the checks above prove nothing.
    expect(sources("packages/cli/src").some((file) => imports(file).includes("@turbomcp/runtime"))).toBe(true);
    expect(
      offending("packages/cli/src", (specifier, file) =>
        path.resolve(path.dirname(path.join(repoRoot, file)), specifier).startsWith(path.join(repoRoot, "packages/runtime")),
      ),
    ).toEqual([]);
  });
});

/** Every file `entry` loads at start-up: its static imports, transitively (`import()` is loaded on use, so it is not followed). */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(path.join(repoRoot, file), "utf8");
    // Type-only imports and exports are erased; they load nothing.
    for (const match of text.matchAll(/(?:^|\n)\s*(import|export)\s+(?!type\s)[^;]*?from\s+"([^"]+)"/g)) {
      const specifier = match[2] ?? "";
      if (specifier.startsWith(".")) pending.push(path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, ".ts"));
      else if (!specifier.startsWith("node:")) packages.add(specifier.replace(/^((?:@[^/]+\/)?[^/]+).*$/, "$1"));
    }
    for (const match of text.matchAll(/createRequire\(import\.meta\.url\)\(\s*"([^"]+)"\s*\)|require\("([^"]+)"\)/g))
      packages.add((match[1] ?? match[2] ?? "").replace(/^((?:@[^/]+\/)?[^/]+).*$/, "$1"));
  }
  return { files, packages };
}

describe("the runtime's entry tiers", () => {
  it("loads no HTTP server, Express, Redis, metrics, JWT or WebSocket library from the core entry (what a stdio server loads)", () => {
    const { files, packages } = staticClosure("packages/runtime/src/index.ts");
    // The walk must reach the stdio transport and runMain, or it proves nothing.
    expect(files).toContain("packages/runtime/src/transports/stdio.ts");
    expect(files).toContain("packages/runtime/src/server/run-main.ts");
    expect([...packages].sort()).toEqual(["ajv", "ajv-formats"]);
    expect(
      [...files].filter(
        (file) =>
          /\/(http|express|sessions|tenancy|auth|cluster)\//.test(file) ||
          /redis-(store|concurrency|directory|scripts)|production-redis|websocket|metrics|audit-log/.test(file),
      ),
    ).toEqual([]);
  });
});

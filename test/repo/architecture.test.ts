/**
 * The layering rules of ARCHITECTURE.md, enforced: the protocol core never imports
 * Express or HTTP; the runtime never imports the generator; the generator uses the
 * runtime only through its public entry point `@turbomcp/runtime`.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/scratch.js";

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

describe("architecture", () => {
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
          /\/(http|express|sessions|tenancy|auth)\//.test(file) ||
          /redis-(store|concurrency|directory|scripts)|production-redis|websocket|metrics|audit-log/.test(file),
      ),
    ).toEqual([]);
  });
});

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

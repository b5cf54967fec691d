/**
 * The two published packages are well formed (publint: exports, files, types that
 * exist in the tarball), the runtime's dependency tree carries no compiler or
 * generator, and the CLI links the runtime of its own release.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { publint } from "publint";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/scratch.js";

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
}

const read = (folder: string): PackageJson => JSON.parse(readFileSync(path.join(repoRoot, folder, "package.json"), "utf8")) as PackageJson;

describe("packaging", () => {
  it.each(["packages/runtime", "packages/cli"])(
    "%s passes publint",
    async (folder) => {
      const { messages } = await publint({ pkgDir: path.join(repoRoot, folder), level: "warning", pack: "npm" });
      expect(messages.map((message) => `${message.code} ${JSON.stringify(message.args)}`)).toEqual([]);
    },
    60_000,
  );

  it("keeps the toolchain out of the runtime's dependencies", () => {
    const runtime = Object.keys(read("packages/runtime").dependencies ?? {});
    expect(
      runtime.filter((name) =>
        // The SDK and vitest are what the generated typed client and its tests need: dev dependencies of a project, never the runtime's.
        ["typescript", "ts-morph", "handlebars", "json-schema-to-typescript", "tsx", "commander", "turbomcp", "@modelcontextprotocol/sdk", "vitest"].includes(
          name,
        ),
      ),
    ).toEqual([]);
  });

  it("releases the CLI with the runtime of the same version", () => {
    const runtime = read("packages/runtime");
    const cli = read("packages/cli");
    expect(cli.version).toBe(runtime.version);
    expect(cli.dependencies?.[runtime.name]).toBe(runtime.version);
  });
});

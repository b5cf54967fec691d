/** `init` makes the new project depend on whatever the running CLI was installed from. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { specFor } from "../../packages/cli/src/cli/install-source.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "install-source-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function lockfile(file: string, packages: Record<string, { resolved?: string }>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ lockfileVersion: 3, packages }));
}

describe("the dependency spec init writes", () => {
  it("is a relative file: path to a checkout (a clone of the repository)", () => {
    const project = path.join(root, "work", "weather");
    expect(specFor(project, { directory: path.join(root, "turbomcp", "packages", "runtime"), version: "0.1.0" })).toBe("file:../../turbomcp/packages/runtime");
  });

  it("is the tarball npm recorded, relative to the new project", () => {
    const tools = path.join(root, "tools");
    lockfile(path.join(tools, "node_modules", ".package-lock.json"), { "node_modules/turbomcp": { resolved: "file:../dist/turbomcp-0.1.0.tgz" } });
    const spec = specFor(path.join(root, "weather"), { directory: path.join(tools, "node_modules", "turbomcp"), version: "0.1.0" });
    expect(spec).toBe("file:../dist/turbomcp-0.1.0.tgz");
  });

  it("keys a nested install by its whole path, and reads package-lock.json when there is no hidden lockfile", () => {
    const tools = path.join(root, "tools");
    lockfile(path.join(tools, "package-lock.json"), {
      "node_modules/turbomcp/node_modules/@turbomcp/runtime": { resolved: "file:vendor/turbomcp-runtime-0.1.0.tgz" },
    });
    const directory = path.join(tools, "node_modules", "turbomcp", "node_modules", "@turbomcp", "runtime");
    expect(specFor(path.join(tools, "weather"), { directory, version: "0.1.0" })).toBe("file:../vendor/turbomcp-runtime-0.1.0.tgz");
  });

  it("is the published semver range when npm installed it from a registry", () => {
    const tools = path.join(root, "tools");
    lockfile(path.join(tools, "node_modules", ".package-lock.json"), {
      "node_modules/turbomcp": { resolved: "https://packages.example/turbomcp/-/turbomcp-0.3.1.tgz" },
    });
    expect(specFor(path.join(root, "weather"), { directory: path.join(tools, "node_modules", "turbomcp"), version: "0.3.1" })).toBe("^0.3.1");
  });

  it("is the published semver range when nothing records the source (a global install)", () => {
    expect(specFor(path.join(root, "weather"), { directory: path.join(root, "lib", "node_modules", "turbomcp"), version: "1.2.0" })).toBe("^1.2.0");
  });

  it("ignores a lockfile it cannot read", () => {
    const tools = path.join(root, "tools");
    mkdirSync(path.join(tools, "node_modules"), { recursive: true });
    writeFileSync(path.join(tools, "node_modules", ".package-lock.json"), "{ not json");
    expect(specFor(path.join(root, "weather"), { directory: path.join(tools, "node_modules", "turbomcp"), version: "0.1.0" })).toBe("^0.1.0");
  });
});

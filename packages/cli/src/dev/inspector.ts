/**
 * `turbomcp dev --inspect`: starts the MCP Inspector the project has installed
 * (`@modelcontextprotocol/inspector`, a dev dependency), pointed at the running dev
 * server's Streamable HTTP endpoint (`--transport http --server-url <url>`, the
 * Inspector's own flags). Found in the project, not bundled: it is large, and its
 * releases need newer Node versions than turbomcp does.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const INSPECTOR_PACKAGE = "@modelcontextprotocol/inspector";

export interface InspectorLaunch {
  readonly command: string;
  readonly args: readonly string[];
}

interface InspectorPackageJson {
  readonly version?: string;
  readonly bin?: string | Readonly<Record<string, string>>;
  readonly engines?: { readonly node?: string };
}

/** The lowest Node version a `>=x.y.z` range admits; undefined for any other form (then it is not judged). */
function minimumNode(range: string | undefined): readonly number[] | undefined {
  const match = /^>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range?.trim() ?? "");
  return match === null ? undefined : [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function isBelow(version: string, minimum: readonly number[]): boolean {
  const parts = version.replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const have = parts[i] ?? 0;
    const need = minimum[i] ?? 0;
    if (have !== need) return have < need;
  }
  return false;
}

/** How to start the project's Inspector against `url`, or why it cannot be started. */
export function inspectorLaunch(projectDir: string, url: string, nodeVersion = process.version): InspectorLaunch | { readonly problem: string } {
  let manifestFile: string;
  try {
    manifestFile = createRequire(path.join(projectDir, "package.json")).resolve(`${INSPECTOR_PACKAGE}/package.json`);
  } catch {
    return { problem: `the MCP Inspector is not installed in this project: npm install --save-dev ${INSPECTOR_PACKAGE}` };
  }
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as InspectorPackageJson;
  const minimum = minimumNode(manifest.engines?.node);
  if (minimum !== undefined && isBelow(nodeVersion, minimum))
    return {
      problem: `${manifest.version === undefined ? INSPECTOR_PACKAGE : `${INSPECTOR_PACKAGE} ${manifest.version}`} needs Node ${manifest.engines?.node}; this is Node ${nodeVersion}`,
    };
  const bin = typeof manifest.bin === "string" ? manifest.bin : (manifest.bin?.["mcp-inspector"] ?? Object.values(manifest.bin ?? {})[0]);
  if (bin === undefined) return { problem: `${INSPECTOR_PACKAGE} in ${path.dirname(manifestFile)} declares no command to run` };
  return { command: process.execPath, args: [path.resolve(path.dirname(manifestFile), bin), "--transport", "http", "--server-url", url] };
}

/**
 * "Framework-neutral core, thin Express adapter" (STYLE.md): only the Express glue
 * in runtime/ imports express, cors or helmet's Express-facing parts; the protocol
 * core, the transports and the lean path's security functions do not.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const RUNTIME = join(import.meta.dirname, "../../../packages/runtime/src");
/** The folder that adapts to Express, whose files alone may import it (JSDoc examples elsewhere may show it). */
const EXPRESS_GLUE = "express/";

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("the Express boundary", () => {
  it("only the Express glue imports express or cors", () => {
    const offenders = sources(RUNTIME)
      .map((path) => ({ file: relative(RUNTIME, path), text: readFileSync(path, "utf8") }))
      .filter(({ file, text }) => !file.startsWith(EXPRESS_GLUE) && file !== "index.ts" && /^import [^\n]* from "(express|cors)";/m.test(text))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it("the lean MCP path does not reach the Express glue", () => {
    const lean = [
      "express/mcp-endpoint.ts",
      "express/security-headers.ts",
      "transports/http/cors.ts",
      "transports/http/json-keys.ts",
      "transports/http/refusal.ts",
      "transports/http/request-caller.ts",
    ];
    for (const file of lean)
      expect(readFileSync(join(RUNTIME, file), "utf8")).not.toMatch(/from "(\.\/|\.\.\/\.\.\/express\/)(app|json-errors|cors-express|rate-limit)\.js"/);
  });
});

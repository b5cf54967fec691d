/**
 * "Framework-neutral core, thin Express adapter" (STYLE.md): only the Express glue
 * in runtime/ imports express, cors or helmet's Express-facing parts; the protocol
 * core, the transports and the lean path's security functions do not.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const RUNTIME = join(import.meta.dirname, "../../../packages/runtime/src");
/** Files that adapt to Express, and may import it (JSDoc examples elsewhere may show it). */
const EXPRESS_GLUE = new Set(["http/app.ts", "http/json-errors.ts", "http/cors-express.ts", "limits/express.ts"]);

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
      .filter(({ file, text }) => !EXPRESS_GLUE.has(file) && file !== "index.ts" && /^import [^\n]* from "(express|cors)";/m.test(text))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it("the lean MCP path does not reach the Express glue", () => {
    const lean = ["http/mcp-endpoint.ts", "http/security-headers.ts", "http/cors.ts", "http/json-keys.ts", "http/refusal.ts", "http/request-caller.ts"];
    for (const file of lean) expect(readFileSync(join(RUNTIME, file), "utf8")).not.toMatch(/from "\.\/(app|json-errors|cors-express)\.js"/);
  });
});

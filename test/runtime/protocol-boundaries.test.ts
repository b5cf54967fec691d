/**
 * The protocol core must stay free of Express and of any HTTP/network module, so
 * every transport can reuse it (ARCHITECTURE.md, "keep the protocol core free of Express").
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PROTOCOL_DIR = fileURLToPath(new URL("../../packages/runtime/src/protocol/", import.meta.url));
const FORBIDDEN = /^(?:express(?:\/.*)?|(?:node:)?(?:http|https|http2|net|tls))$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

describe("runtime/protocol imports", () => {
  const files = sourceFiles(PROTOCOL_DIR);
  it("finds the protocol sources", () => {
    expect(files.length).toBeGreaterThan(10);
  });
  it.each(files.map((file) => [file.slice(PROTOCOL_DIR.length)]))("%s imports no HTTP module", (relative) => {
    const text = readFileSync(join(PROTOCOL_DIR, relative), "utf8");
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((match) => match[1]);
    expect(specifiers.filter((specifier) => specifier !== undefined && FORBIDDEN.test(specifier))).toEqual([]);
  });
});

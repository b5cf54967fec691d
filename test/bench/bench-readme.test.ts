/**
 * `npm run bench -- --write`: the section between the README's markers is replaced
 * and everything around it kept; a README whose markers are broken is refused, not
 * guessed at; only a complete run may write.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BEGIN_MARKER, END_MARKER, partialRunReason, renderSection, replaceSection, writeSection } from "../../bench/load/readme.js";

const intro = "# Benchmarks\n\nHand-written intro.\n";
const outro = "\n## After\n\nHand-written too.\n";
const readme = `${intro}\n${BEGIN_MARKER}\nold figures\n${END_MARKER}\n${outro}`;

describe("replaceSection", () => {
  it("replaces the text between the markers and keeps the text around them", () => {
    const next = replaceSection(readme, "new figures");
    expect(next).toBe(`${intro}\n${BEGIN_MARKER}\nnew figures\n${END_MARKER}\n${outro}`);
    expect(next).not.toContain("old figures");
  });

  it("gives the same README when run twice with the same figures", () => {
    const once = replaceSection(readme, "figures");
    expect(replaceSection(once, "figures")).toBe(once);
  });

  it("appends the section to a README without markers, and makes a README when there is none", () => {
    expect(replaceSection(intro, "figures")).toBe(`${intro.trimEnd()}\n\n${BEGIN_MARKER}\nfigures\n${END_MARKER}\n`);
    expect(replaceSection(undefined, "figures")).toContain(`${BEGIN_MARKER}\nfigures\n${END_MARKER}`);
  });

  it("ignores a marker quoted inside a line of prose", () => {
    const quoted = `Intro naming \`${BEGIN_MARKER}\` in passing.\n\n${BEGIN_MARKER}\nold\n${END_MARKER}\n`;
    expect(replaceSection(quoted, "new")).toBe(`Intro naming \`${BEGIN_MARKER}\` in passing.\n\n${BEGIN_MARKER}\nnew\n${END_MARKER}\n`);
  });

  it("refuses a lone, repeated or reversed marker", () => {
    expect(() => replaceSection(`${intro}${BEGIN_MARKER}\nfigures\n`, "x")).toThrow(/found 1 and 0/);
    expect(() => replaceSection(`${intro}figures\n${END_MARKER}\n`, "x")).toThrow(/found 0 and 1/);
    expect(() => replaceSection(`${readme}\n${BEGIN_MARKER}\n${END_MARKER}\n`, "x")).toThrow(/found 2 and 2/);
    expect(() => replaceSection(`${END_MARKER}\nx\n${BEGIN_MARKER}\n`, "x")).toThrow(/wrong order/);
  });
});

describe("writeSection", () => {
  it("rewrites only the section of the file, each run replacing the last", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bench-readme-"));
    try {
      const file = path.join(dir, "README.md");
      writeFileSync(file, readme);
      const section = (results: string): string =>
        renderSection({ date: "D", command: "npm run bench -- --write", machine: "M", setup: "S", results, ratios: "", targets: "T", throughput: "X" });
      writeSection(file, section("first run"));
      writeSection(file, section("second run"));
      const text = readFileSync(file, "utf8");
      expect(text.startsWith(intro)).toBe(true);
      expect(text.endsWith(outro)).toBe(true);
      expect(text).toContain("second run");
      expect(text).not.toContain("first run");
      expect(text).not.toContain("old figures");
      expect(text).toContain("(none in this run)");
      expect(text.split(BEGIN_MARKER)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the file when its markers are broken", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bench-readme-"));
    try {
      const file = path.join(dir, "README.md");
      writeFileSync(file, `${BEGIN_MARKER}\n`);
      expect(() => writeSection(file, "x")).toThrow(file);
      expect(readFileSync(file, "utf8")).toBe(`${BEGIN_MARKER}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("partialRunReason", () => {
  it("lets only a complete, full-size run write", () => {
    expect(partialRunReason({})).toBeUndefined();
    expect(partialRunReason({ only: "turbomcp-stdio" })).toMatch(/--only/);
    expect(partialRunReason({ workloads: "cold-start" })).toMatch(/--workloads/);
    expect(partialRunReason({ only: "a", workloads: "b" })).toMatch(/--only and --workloads/);
    expect(partialRunReason({ smoke: true })).toMatch(/--smoke/);
  });
});

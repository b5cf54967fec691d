/**
 * Relative links in the documentation lead somewhere: the file exists, and a
 * `#fragment` names a heading of the target (GitHub's anchors), so moving a section
 * or renaming a heading cannot silently break the guides that point at it.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../helpers/scratch.js";

/** Written by a tool rather than by hand (`npm run bench -- --write`): a checkout may not have it yet. */
const WRITTEN_BY_TOOLS = new Set(["bench/README.md"]);

function documents(): string[] {
  const docs = readdirSync(path.join(repoRoot, "docs"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md"))
    .map((file) => path.posix.join("docs", file.split(path.sep).join("/")));
  return [...["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md"].filter((file) => existsSync(path.join(repoRoot, file))), ...docs].sort();
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to `-`, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading === null) continue;
    const base = (heading[1] ?? "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1] ?? "");
  return anchors;
}

/** `[text](target)` links outside code, with their line. */
function linksOf(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  let fenced = false;
  markdown.split("\n").forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) return;
    const text = line.replace(/`[^`]*`/g, "");
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) links.push({ target: match[1] ?? "", line: index + 1 });
  });
  return links;
}

it("has no broken relative links or anchors in the documentation", () => {
  const broken: string[] = [];
  for (const document of documents()) {
    const markdown = readFileSync(path.join(repoRoot, document), "utf8");
    for (const { target, line } of linksOf(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [file = "", fragment] = target.split("#");
      const resolved = file === "" ? document : path.posix.normalize(path.posix.join(path.posix.dirname(document), file));
      const where = `${document}:${line} → ${target}`;
      if (!existsSync(path.join(repoRoot, resolved))) {
        if (!WRITTEN_BY_TOOLS.has(resolved)) broken.push(`${where}: no such file`);
        continue;
      }
      if (fragment !== undefined && resolved.endsWith(".md") && !anchorsOf(readFileSync(path.join(repoRoot, resolved), "utf8")).has(fragment)) {
        broken.push(`${where}: no heading #${fragment}`);
      }
    }
  }
  expect(broken).toEqual([]);
});

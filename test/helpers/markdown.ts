/** Fenced code blocks of a Markdown document, for tests that run or check what the docs show. */

export interface MarkdownBlock {
  /** The fence's info string up to the first space ("sh", "ts", "json"; "" for a plain fence). */
  readonly lang: string;
  readonly code: string;
  /** The prose between the previous block (or the section start) and this one. */
  readonly before: string;
}

/** Every fenced block in `markdown`, in order. */
export function markdownBlocks(markdown: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  const fence = /^```([^\n`]*)\n([\s\S]*?)^```[ \t]*$/gm;
  let last = 0;
  for (const match of markdown.matchAll(fence)) {
    blocks.push({ lang: (match[1] ?? "").trim().split(/\s+/)[0] ?? "", code: match[2] ?? "", before: markdown.slice(last, match.index) });
    last = match.index + match[0].length;
  }
  return blocks;
}

/** The blocks of the `## heading` section (up to the next `## ` heading); throws if there is none. */
export function markdownSection(markdown: string, heading: string): MarkdownBlock[] {
  const start = markdown.search(new RegExp(`^## ${heading.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`, "m"));
  if (start === -1) throw new Error(`no "## ${heading}" section`);
  const rest = markdown.slice(start + 3);
  const end = rest.search(/^## /m);
  return markdownBlocks(end === -1 ? rest : rest.slice(0, end));
}

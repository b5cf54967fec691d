/**
 * `--write`: the figures of a complete run go into bench/README.md, between two
 * marker lines. Everything outside them is written by hand and kept; everything
 * between them is this run's and replaces the last run's.
 *
 * Only a complete run writes (partialRunReason): the README's ratios compare
 * servers measured in one run, so figures from different runs are never mixed, and
 * a run of some servers or workloads cannot drop the figures of the others.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export const BEGIN_MARKER = "<!-- bench:begin -->";
export const END_MARKER = "<!-- bench:end -->";

/** The lines around one benchmark's section; a README may hold several benchmarks' sections. */
export interface SectionMarkers {
  readonly begin: string;
  readonly end: string;
}

export const BENCH_MARKERS: SectionMarkers = { begin: BEGIN_MARKER, end: END_MARKER };

export interface WriteRequest {
  readonly only?: string | undefined;
  readonly workloads?: string | undefined;
  readonly smoke?: boolean | undefined;
}

/** Why `--write` is refused for these options, or undefined when the run is complete. */
export function partialRunReason(options: WriteRequest): string | undefined {
  const partial = [options.only !== undefined && "--only", options.workloads !== undefined && "--workloads"].filter((flag) => flag !== false);
  if (partial.length > 0)
    return `--write needs a complete run, without ${partial.join(" and ")}: the README's figures all come from one run, and a partial run would drop the figures it did not take`;
  if (options.smoke === true) return "--write with --smoke: a smoke run's figures are not worth reading";
  return undefined;
}

export interface Figures {
  readonly date: string;
  readonly command: string;
  readonly machine: string;
  readonly setup: string;
  readonly results: string;
  readonly ratios: string;
  readonly targets: string;
  readonly throughput: string;
}

function block(text: string): string {
  return `\`\`\`text\n${text.trim() === "" ? "(none in this run)" : text.trimEnd()}\n\`\`\``;
}

/** The generated section, markers excluded. */
export function renderSection(figures: Figures): string {
  return [
    "<!-- Written by `npm run bench -- --write`; the next such run replaces this section. Edit the text above the begin marker instead. -->",
    "",
    "## Figures",
    "",
    `Measured ${figures.date} with \`${figures.command}\`.`,
    "",
    `Machine: ${figures.machine}; ${figures.setup}.`,
    "",
    "### Results",
    "",
    block(figures.results),
    "",
    "### Ratios (same run)",
    "",
    block(figures.ratios),
    "",
    "### Targets",
    "",
    block(figures.targets),
    "",
    "### turbomcp tools/call throughput (compare runs with `--baseline`)",
    "",
    block(figures.throughput),
  ].join("\n");
}

/** Lines that are a marker and nothing else (a marker quoted in prose does not count). */
function markerLines(lines: readonly string[], marker: string): number[] {
  return lines.flatMap((line, index) => (line.trim() === marker ? [index] : []));
}

/**
 * `readme` with the text between the markers replaced by `section`; without markers
 * the section is appended, and without a README there is one with a title. Throws
 * when the markers are not one begin followed by one end: the README is then left
 * for a person to mend rather than guessed at.
 */
export function replaceSection(readme: string | undefined, section: string, markers: SectionMarkers = BENCH_MARKERS): string {
  const wrapped = `${markers.begin}\n${section.trim()}\n${markers.end}`;
  if (readme === undefined) return `# Benchmarks\n\n${wrapped}\n`;
  const lines = readme.split("\n");
  const begins = markerLines(lines, markers.begin);
  const ends = markerLines(lines, markers.end);
  if (begins.length === 0 && ends.length === 0) return `${readme.trimEnd()}\n\n${wrapped}\n`;
  const [begin] = begins;
  const [end] = ends;
  if (begins.length !== 1 || ends.length !== 1 || begin === undefined || end === undefined || end < begin)
    throw new Error(
      `expected one "${markers.begin}" line followed by one "${markers.end}" line, found ${begins.length} and ${ends.length}${end !== undefined && begin !== undefined && end < begin ? " in the wrong order" : ""}; mend the README by hand`,
    );
  return [...lines.slice(0, begin), wrapped, ...lines.slice(end + 1)].join("\n");
}

/** Replaces the section of `file` (created when missing). */
export function writeSection(file: string, section: string, markers: SectionMarkers = BENCH_MARKERS): void {
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  let next: string;
  try {
    next = replaceSection(current, section, markers);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  writeFileSync(file, next);
}

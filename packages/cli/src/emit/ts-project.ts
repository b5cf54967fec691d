/**
 * ts-morph settings pinned once, so every generated TypeScript file is printed the
 * same way on every machine.
 */
import { IndentationText, NewLineKind, Project, QuoteKind, type SourceFile } from "ts-morph";

const project = new Project({
  useInMemoryFileSystem: true,
  skipLoadingLibFiles: true,
  manipulationSettings: {
    indentationText: IndentationText.TwoSpaces,
    newLineKind: NewLineKind.LineFeed,
    quoteKind: QuoteKind.Double,
    useTrailingCommas: true,
    insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
  },
});

let counter = 0;

/** A fresh in-memory source file; call `printSourceFile` when it is complete. */
export function createSourceFile(): SourceFile {
  counter += 1;
  return project.createSourceFile(`/emit/${counter}.ts`, "", { overwrite: true });
}

/**
 * The file's text behind `header`, ending in exactly one newline; the file is then
 * discarded. The header is prepended as text because ts-morph cannot insert
 * statements after a comment-only file.
 */
export function printSourceFile(file: SourceFile, header: string, options: { readonly format?: boolean } = {}): string {
  // Text copied from other tools (json-schema-to-typescript) needs our indentation;
  // code written through ts-morph's own writer already has it.
  if (options.format === true) file.formatText({ indentSize: 2, tabSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
  const text = `${header}\n${file.getFullText()}`.replace(/\s*$/, "\n");
  project.removeSourceFile(file);
  return text;
}

/** Parses TypeScript text (e.g. from json-schema-to-typescript) to read its structures. */
export function parseSourceText(text: string): SourceFile {
  counter += 1;
  return project.createSourceFile(`/parse/${counter}.ts`, text, { overwrite: true });
}

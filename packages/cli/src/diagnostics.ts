/**
 * User-facing errors of the generator. A `UserError` carries every problem found
 * (not just the first) and is printed without a stack trace; anything else that
 * escapes is a bug in turbomcp (exit code 2).
 */

export interface Diagnostic {
  /** File the problem is in, relative to the working directory. */
  readonly file: string;
  /** JSON pointer inside that file ("" for the whole document). */
  readonly pointer: string;
  /** 1-based line and column, when the location is known. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

export class UserError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "UserError";
  }
}

/** `manifest.json:12:7 /tools/0/name: must match …`, the shape editors turn into links. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const position = diagnostic.line === undefined ? "" : `:${diagnostic.line}:${diagnostic.column ?? 1}`;
  const pointer = diagnostic.pointer === "" ? "" : ` ${diagnostic.pointer}`;
  return `${diagnostic.file}${position}${pointer}: ${diagnostic.message}`;
}

/**
 * Orders diagnostics by file and position, the order a reader fixes them in, each
 * once: a schema file `$ref`'d from several places is checked at each, but a
 * mistake in it is one mistake in one place.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const unique = [...new Map(diagnostics.map((diagnostic) => [formatDiagnostic(diagnostic), diagnostic])).values()];
  return unique.sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.message.localeCompare(b.message),
  );
}

/**
 * Where the runtime reports its own problems (handler bugs, broken peers). On stdio,
 * stdout belongs to JSON-RPC, so the default writes to stderr only. In the core, the
 * lowest layer that reports, so every layer above logs through the same seam.
 */

export interface ServerLogger {
  /** Something the operator must see, e.g. a handler bug; `error` may carry a stack. */
  error(message: string, error?: unknown): void;
  /** Something odd the server recovered from, e.g. a malformed message. */
  warn(message: string): void;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Writes `[turbomcp] …` lines (and stacks) to stderr. */
export const stderrLogger: ServerLogger = {
  error(message, error) {
    process.stderr.write(`[turbomcp] error: ${message}${error === undefined ? "" : `\n${describe(error)}`}\n`);
  },
  warn(message) {
    process.stderr.write(`[turbomcp] warning: ${message}\n`);
  },
};

/** Where the CLI writes, injectable so tests run commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, userError: 1, internalError: 2 } as const;

/** A bug in turbomcp, on stderr with its stack so the report is useful. */
export function reportInternalError(io: CliIo, error: unknown): void {
  io.stderr(`turbomcp: internal error, please report it:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
}

/**
 * `turbomcp --help | head`: once the reader has what it wants and closes the pipe, the
 * rest of the output has nowhere to go. That ends the command; without this, Node
 * reports the failed write (EPIPE) as an unhandled error with a stack trace.
 */
export function exitQuietlyWhenStdoutCloses(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

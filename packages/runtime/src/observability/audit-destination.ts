/**
 * Where audit lines go. stdout, stderr and files are pino's asynchronous
 * destinations (sonic-boom with `sync: false`): a request only appends its line to a
 * buffer and the write happens later, off the hot path; the lines of a 10 ms window
 * reach sonic-boom as one string (audit-batcher.ts). On the stdio transport
 * stdout is the JSON-RPC channel, so there the default is stderr and stdout is
 * refused at start-up. Files are opened synchronously so a bad path fails at
 * start-up, not at the first request.
 */
import { mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { pino } from "pino";
import { DEFAULT_AUDIT_MAX_BUFFER_BYTES } from "../config/defaults.js";
import { AuditBatcher } from "./audit-batcher.js";
import { offProcessExit, onProcessExit } from "./exit-hook.js";
import type { ServerLogger } from "../protocol/logger.js";

/** Anything with `write(line)`, e.g. a pino transport or a test's collector. */
export interface AuditStream {
  write(line: string): unknown;
  /** Writes everything pending before returning (sonic-boom has it); used as the process exits. */
  flushSync?(): void;
}

export type AuditDestination = "stdout" | "stderr" | { readonly file: string } | AuditStream;

export interface OpenedDestination {
  readonly stream: AuditStream;
  /** Resolves once every line written so far has reached the OS. */
  flush(): Promise<void>;
  /** Flushes, then closes a file the audit log opened (stdout and stderr stay open). */
  close(): Promise<void>;
}

type SonicBoom = ReturnType<typeof pino.destination>;

function openFile(file: string): number {
  try {
    mkdirSync(dirname(file), { recursive: true });
    return openSync(file, "a", 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new Error(`audit log: cannot open ${file} for appending (${code})`, { cause: error });
  }
}

/** Module-level, so the exit registry holds no reference to the batcher (it holds it weakly). */
function writeOnExit(batcher: AuditBatcher): void {
  try {
    batcher.drainSync();
  } catch {
    // Exiting: nowhere left to report a failed write.
  }
}

function asyncDestination(fd: number, ownsFd: boolean, logger: ServerLogger): OpenedDestination {
  const sonic: SonicBoom = pino.destination({ dest: fd, sync: false, maxLength: DEFAULT_AUDIT_MAX_BUFFER_BYTES });
  let broken = false;
  let warnedDrop = false;
  sonic.on("error", (error: unknown) => {
    // Reported once: a closed pipe or a full disk fails every later write the same way.
    if (!broken) logger.error("audit log: writing failed; audit lines are being lost", error);
    broken = true;
  });
  sonic.on("drop", () => {
    if (!warnedDrop) logger.warn(`audit log: destination too slow, more than ${DEFAULT_AUDIT_MAX_BUFFER_BYTES} bytes waiting; lines are being dropped`);
    warnedDrop = true;
  });
  const batcher = new AuditBatcher(sonic);
  // pino flushes sonic-boom's buffer on exit; the lines still in the batch window must get there too.
  onProcessExit(batcher, writeOnExit);
  const flush = (): Promise<void> =>
    new Promise((resolve) => {
      batcher.drain();
      if (broken) return resolve();
      const done = (): void => {
        sonic.off("drain", done).off("error", done);
        resolve();
      };
      // An empty write ends (with 'drain') once every write queued before it is done.
      sonic.on("drain", done).on("error", done);
      sonic.write("");
    });
  return {
    stream: batcher,
    flush,
    async close() {
      offProcessExit(batcher);
      await flush();
      if (!ownsFd || broken) return;
      await new Promise<void>((resolve) => {
        sonic.once("close", () => resolve());
        sonic.end();
      });
    },
  };
}

export function openDestination(destination: AuditDestination | undefined, stdio: boolean, logger: ServerLogger): OpenedDestination {
  if (destination === "stdout" && stdio) {
    throw new Error("audit log: stdout carries the MCP protocol on the stdio transport; write the audit log to stderr or a file");
  }
  const chosen = destination ?? (stdio ? "stderr" : "stdout");
  if (chosen === "stdout") return asyncDestination(1, false, logger);
  if (chosen === "stderr") return asyncDestination(2, false, logger);
  if ("file" in chosen) return asyncDestination(openFile(chosen.file), true, logger);
  if (typeof chosen.write !== "function") throw new TypeError('audit log: destination must be "stdout", "stderr", { file } or a stream with write()');
  return { stream: chosen, flush: async () => {}, close: async () => {} };
}

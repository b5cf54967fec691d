/**
 * Collects audit lines for a short window (`DEFAULT_AUDIT_FLUSH_MS`, or until
 * `DEFAULT_AUDIT_BATCH_CHARS` are waiting) and hands them to the destination as one
 * string, in order. Two costs made this worth it:
 * - sonic-boom measures its pending buffer with `Buffer.byteLength` on every write
 *   while a write is in flight, which flattens (copies) the whole buffer each time:
 *   ~2.9 KB of garbage per 250-byte line under load;
 * - each write to an idle sonic-boom is a file-system write through libuv's thread
 *   pool: at one stdio call in flight that was one thread hand-off per request, about
 *   22 of the server's 68 µs per call.
 * `drain()` writes what is waiting at once (the log's flush and close call it), and
 * `drainSync()` writes it through to the OS before the process exits.
 */
import { DEFAULT_AUDIT_BATCH_CHARS, DEFAULT_AUDIT_FLUSH_MS } from "../config/defaults.js";
import type { AuditStream } from "./audit-destination.js";

export class AuditBatcher implements AuditStream {
  #lines: string[] = [];
  #chars = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: AuditStream,
    private readonly windowMs = DEFAULT_AUDIT_FLUSH_MS,
    private readonly maxChars = DEFAULT_AUDIT_BATCH_CHARS,
  ) {}

  write(line: string): boolean {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= this.maxChars) this.#drain();
    // Not unref'd: a process that is ending writes its last lines before it exits.
    else this.#timer ??= setTimeout(this.#drain, this.windowMs);
    return true;
  }

  /** Hands what is collected to the sink now (before a flush or close of the sink). */
  drain(): void {
    this.#drain();
  }

  /** On exit: hands over what is collected and has the sink write everything synchronously. */
  drainSync(): void {
    this.#drain();
    this.sink.flushSync?.();
  }

  readonly #drain = (): void => {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#lines.length === 0) return;
    const chunk = this.#lines.length === 1 ? (this.#lines[0] ?? "") : this.#lines.join("");
    this.#lines = [];
    this.#chars = 0;
    this.sink.write(chunk);
  };
}

/**
 * The one hook every benchmark server installs: the harness starts each server with
 * an IPC channel and asks it, through that channel, for its memory and the CPU time
 * it has used. The figures come from inside the server process whatever protocol it
 * speaks, and stdout stays free for stdio servers and audit logs.
 *
 * Servers run with `--expose-gc`; without it memory is read without a GC.
 */

/** What the harness sends. `gc`: collect garbage first (for memory figures; it costs CPU time). */
export interface ProbeRequest {
  readonly type: "probe";
  readonly id: number;
  readonly gc: boolean;
}

/** What a server answers. */
export interface ProbeReply {
  readonly type: "probe";
  readonly id: number;
  readonly heapUsed: number;
  readonly rss: number;
  /** CPU time the process has used so far (user + system), microseconds, read before any GC. */
  readonly cpuMicros: number;
}

function isProbeRequest(message: unknown): message is ProbeRequest {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === "probe";
}

/** Call once at start-up; a no-op when the process was not started with IPC. */
export function installProbe(): void {
  if (process.send === undefined) return;
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on("message", (message: unknown) => {
    if (!isProbeRequest(message)) return;
    const cpu = process.cpuUsage();
    // Several passes: weak references and finalisers free more on each.
    if (message.gc && gc !== undefined) for (let pass = 0; pass < 4; pass++) gc();
    const usage = process.memoryUsage();
    const reply: ProbeReply = { type: "probe", id: message.id, heapUsed: usage.heapUsed, rss: usage.rss, cpuMicros: cpu.user + cpu.system };
    process.send?.(reply);
  });
  // The IPC channel must not keep a finished server alive.
  process.channel?.unref();
}

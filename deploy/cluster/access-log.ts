/**
 * HAProxy's access log as the template writes it: one JSON object per request on
 * its stdout. Tests use it to say which instance a request reached, including the
 * requests that failed and so carry no `x-turbomcp-backend` header.
 */

export interface AccessLogEntry {
  /** The request's `X-Request-Id` header (at most 64 characters), `""` without one. */
  readonly id: string;
  /** The request's `Mcp-Method` header, `""` without one. */
  readonly mcpMethod: string;
  readonly method: string;
  /** The server that handled the request's last attempt (`s1`, …), `<NOSRV>` when none did. */
  readonly backend: string;
  /** The status sent to the client; -1 when the connection was closed without one. */
  readonly status: number;
  /** HAProxy's two-letter termination state: `--` normal, `SH` the server closed while HAProxy waited for the headers, … */
  readonly termination: string;
  /** Retries: a number, `+`-prefixed when the request was redispatched to another server. */
  readonly retries: string;
  readonly ms: number;
}

/** HAProxy logs a capture that found no header as "-". */
function absentAsEmpty(value: string | undefined): string {
  return value === undefined || value === "-" ? "" : value;
}

/** The entry a log line holds, or undefined for anything else (start-up messages, alerts). */
export function parseAccessLogLine(line: string): AccessLogEntry | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const entry = JSON.parse(line) as Partial<AccessLogEntry>;
    if (typeof entry.backend !== "string" || typeof entry.status !== "number") return undefined;
    return {
      id: absentAsEmpty(entry.id),
      mcpMethod: absentAsEmpty(entry.mcpMethod),
      method: entry.method ?? "",
      backend: entry.backend,
      status: entry.status,
      termination: entry.termination ?? "",
      retries: entry.retries ?? "",
      ms: entry.ms ?? 0,
    };
  } catch {
    return undefined;
  }
}

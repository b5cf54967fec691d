/**
 * The audit log: one JSON line per answered request (who, which tenant, what, how
 * long, how it ended), written by pino through an asynchronous destination. Lines
 * are built from the observer record only, which holds no credentials: no tokens,
 * no headers, no `requestState`, no claims beyond the subject. Arguments are left
 * out unless the application opts in, and then secret-looking keys and the paths it
 * names are redacted.
 */
import { pino, type LoggerOptions } from "pino";
import { DEFAULT_AUDIT_MAX_STRING_LENGTH, DEFAULT_AUDIT_REDACT_KEYS } from "../config/defaults.js";
import type { RefusalRecord, RequestObserver, RequestRecord } from "../protocol/observer.js";
import { openDestination, type AuditDestination } from "./audit-destination.js";
import { CENSOR, argumentPaths, secretKeyRedactor } from "./audit-redact.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";

export interface AuditLogOptions {
  /** Default: stdout, or stderr when `stdio` is set. A file is appended to (created with mode 0600). */
  readonly destination?: AuditDestination;
  /** The server speaks MCP over stdio: stdout is the protocol, so it is never written to. */
  readonly stdio?: boolean;
  /**
   * Opt-in: log tool and prompt arguments (when the record carries them). Keys that
   * look like secrets (`password`, `token`, `apiKey`, …) are redacted at any depth;
   * `redact` adds paths relative to the arguments, e.g. `["card.number", "contacts[*].phone"]`.
   */
  readonly arguments?: { readonly redact?: readonly string[] };
  /** Fields on every line instead of pino's `pid` and `hostname`, e.g. `{ service: "notes" }`. */
  readonly base?: Readonly<Record<string, string | number>>;
  /** Where write failures and dropped lines are reported; default stderr. */
  readonly logger?: ServerLogger;
}

export interface AuditLog extends RequestObserver {
  /** Resolves once every line so far is written; call it on shutdown. */
  flush(): Promise<void>;
  /** Flushes and closes the destination; later requests are not logged. */
  close(): Promise<void>;
}

/** The record's `target`, under the name of what it is. */
const TARGET_FIELDS: Readonly<Record<string, string>> = {
  "tools/call": "tool",
  "prompts/get": "prompt",
  "resources/read": "resource",
  "resources/subscribe": "resource",
  "resources/unsubscribe": "resource",
};

const MAX_TARGET_LENGTH = 512;

/**
 * An audit log observer: pass it to `createServer({ observers: [...] })`.
 *
 * Each line has `level`, `time` (ISO 8601), `msg: "mcp request"`, `method`, `tool` /
 * `prompt` / `resource` (or `target`), `principal` (subject), `scheme`, `issuer`,
 * `tenant`, `protocolVersion`, `outcome`, `errorCode` (JSON-RPC errors only) and
 * `durationMs`. A request refused before it was read (failed authentication, a
 * tenant refusal, a limit) gets a `warn` line, `msg: "mcp request refused"`, with
 * `refused` (the reason), `errorCode`, `remoteAddress` and who was known by then.
 *
 * @example
 * ```ts
 * import { createAuditLog } from "@turbomcp/runtime/observability";
 * import { createServer, runStdio } from "@turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const audit = createAuditLog({ stdio: true, destination: { file: "/var/log/mcp/audit.log" } });
 * await runStdio(createServer(routes, { observers: [audit] }));
 * await audit.close();
 * ```
 */
export function createAuditLog(options: AuditLogOptions = {}): AuditLog {
  const logger = options.logger ?? stderrLogger;
  const destination = openDestination(options.destination, options.stdio === true, logger);
  const logArguments = options.arguments !== undefined;
  const redactPaths = argumentPaths(options.arguments?.redact ?? []);
  const redactSecrets = secretKeyRedactor(DEFAULT_AUDIT_REDACT_KEYS, DEFAULT_AUDIT_MAX_STRING_LENGTH);
  const pinoOptions: LoggerOptions = {
    level: "info",
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    ...(options.base === undefined ? {} : { base: { ...options.base } }),
    ...(redactPaths.length === 0 ? {} : { redact: { paths: redactPaths, censor: CENSOR } }),
  };
  const audit = pino(pinoOptions, destination.stream);
  let closed = false;

  return {
    onRequest(record: RequestRecord) {
      if (closed) return;
      const { caller, target } = record;
      const line: Record<string, unknown> = {
        method: record.method,
        principal: caller.principal?.subject,
        scheme: caller.principal?.scheme,
        issuer: caller.principal?.issuer || undefined,
        tenant: caller.tenant?.id,
        protocolVersion: record.protocolVersion,
        outcome: record.outcome,
        errorCode: record.errorCode,
        durationMs: Math.round(record.durationMs * 1000) / 1000,
      };
      if (target !== undefined)
        line[TARGET_FIELDS[record.method] ?? "target"] = target.length > MAX_TARGET_LENGTH ? `${target.slice(0, MAX_TARGET_LENGTH)}…` : target;
      // The protocol's record does not carry arguments today; a record that does is logged only on opt-in.
      if (logArguments && "arguments" in record && record.arguments !== undefined) line.arguments = redactSecrets(record.arguments);
      audit.info(line, "mcp request");
    },
    onRefusal(record: RefusalRecord) {
      if (closed) return;
      const { caller } = record;
      audit.warn(
        {
          refused: record.reason,
          errorCode: record.errorCode,
          remoteAddress: record.remoteAddress,
          principal: caller.principal?.subject,
          scheme: caller.principal?.scheme,
          // As on request lines: `alice` names nobody until one knows who vouched for her.
          issuer: caller.principal?.issuer || undefined,
          tenant: caller.tenant?.id,
        },
        "mcp request refused",
      );
    },
    flush: () => destination.flush(),
    async close() {
      closed = true;
      await destination.close();
    },
  };
}

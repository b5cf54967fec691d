/**
 * Run-time defaults, each defined exactly once. Options and route policies override
 * them; nothing else in the runtime may hard-code these values.
 */
import type { LogLevel } from "../handlers/context.js";

/** A handler that runs longer is aborted (`ctx.signal`) and answered with a timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/**
 * Level below which `ctx.log()` messages are not sent until the client calls
 * `logging/setLevel`. `info` keeps debug chatter off the wire by default.
 */
export const DEFAULT_LOG_LEVEL: LogLevel = "info";

/** MCP caps one `completion/complete` answer at 100 values (server/utilities/completion). */
export const MAX_COMPLETION_VALUES = 100;

/** Transports `runMain` can start, in the order the help text lists them. */
export const SUPPORTED_TRANSPORTS = ["stdio"] as const;
export const DEFAULT_TRANSPORT = "stdio";

/**
 * After stdin ends and every request is answered, a handler's stray timer could keep
 * the process alive; `runMain` exits anyway after this long.
 */
export const DEFAULT_EXIT_GRACE_MS = 2_000;

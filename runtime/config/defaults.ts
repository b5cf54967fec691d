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
export const SUPPORTED_TRANSPORTS = ["stdio", "http"] as const;
export const DEFAULT_TRANSPORT = "stdio";

/**
 * After stdin ends and every request is answered, a handler's stray timer could keep
 * the process alive; `runMain` exits anyway after this long.
 */
export const DEFAULT_EXIT_GRACE_MS = 2_000;

/** Streamable HTTP: bind loopback only unless told otherwise (basic/transports, security warning). */
export const DEFAULT_HTTP_HOST = "127.0.0.1";
export const DEFAULT_HTTP_PORT = 3000;
/** The one MCP endpoint path. */
export const DEFAULT_HTTP_PATH = "/mcp";

/** Largest POST body read; larger ones get 413 before being buffered. */
export const DEFAULT_HTTP_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Time allowed to receive a whole request (headers and body): bounds slow-loris clients. */
export const DEFAULT_HTTP_REQUEST_TIMEOUT_MS = 30_000;

/** A session with no request, no open stream and no traffic for this long is ended. */
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;

/** Sessions held at once; initialize beyond this is refused (429) until some end. */
export const DEFAULT_MAX_SESSIONS = 10_000;

/** On close, connections still open after this long are cut. */
export const DEFAULT_HTTP_CLOSE_GRACE_MS = 1_000;

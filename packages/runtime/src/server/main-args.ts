/** The command line of a generated server: `--transport` and the flags each transport takes. */
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_TRANSPORT, SUPPORTED_TRANSPORTS } from "../config/defaults.js";
import { MAX_DELAY_MS } from "../lifecycle/options.js";
import { MAX_PORT, type ListenAddressOptions, type NetworkOptions } from "../network/options.js";

/** The flags, as the usage line lists them. */
export const MAIN_USAGE =
  `[--transport ${SUPPORTED_TRANSPORTS.join("|")}] [--host <address>] [--port <port>] [--path </mcp>]` +
  " [--allowed-host <name>]... [--allowed-origin <origin>]... [--socket <path>] [--drain-timeout <ms>] [--config <file>]";

/** The usage line of the server started as `node <entry>`: the entry as the user typed it, relative to where they are. */
export function mainUsage(entry: string | undefined = process.argv[1], cwd: string = process.cwd()): string {
  const shown = entry === undefined ? "server.js" : path.relative(cwd, entry) || entry;
  return `usage: node ${shown} ${MAIN_USAGE}`;
}

type Transport = (typeof SUPPORTED_TRANSPORTS)[number];

/** Flags every transport takes. */
export interface CommonMainArgs {
  /** `--drain-timeout <ms>`: how long requests in flight get to finish on SIGTERM/SIGINT; default 10 s. */
  readonly drainTimeoutMs?: number;
  /** `--config <file>`: the JSON runtime config (schemas/runtime-config.schema.json); the flags override it. */
  readonly configFile?: string;
}

/** `--transport stdio` (the default). */
export interface StdioMainArgs extends CommonMainArgs {
  readonly transport: "stdio";
}

/**
 * `--transport http` and where to listen (`--host`, `--port`, `--allowed-host`,
 * `--allowed-origin`: network/options.ts); unset fields take the defaults of `listenHttp`.
 */
export interface HttpMainArgs extends CommonMainArgs, NetworkOptions {
  readonly transport: "http";
  readonly path?: string;
}

/** `--transport ws`: the same flags as HTTP; unset fields take the defaults of `listenWebSocket`. */
export interface WebSocketMainArgs extends Omit<HttpMainArgs, "transport"> {
  readonly transport: "ws";
}

/** `--transport tcp` (`--host`, `--port`); unset fields take the defaults of `listenTcp`. */
export interface TcpMainArgs extends CommonMainArgs, ListenAddressOptions {
  readonly transport: "tcp";
}

/** `--transport unix --socket <path>`. */
export interface UnixMainArgs extends CommonMainArgs {
  readonly transport: "unix";
  readonly socket: string;
}

export type MainArgs = StdioMainArgs | HttpMainArgs | WebSocketMainArgs | TcpMainArgs | UnixMainArgs | { readonly help: true };

/** The transports each flag applies to; any other combination is a mistake worth reporting. */
const FLAG_TRANSPORTS: Readonly<Record<string, readonly Transport[]>> = {
  host: ["http", "ws", "tcp"],
  port: ["http", "ws", "tcp"],
  path: ["http", "ws"],
  "allowed-host": ["http", "ws"],
  "allowed-origin": ["http", "ws"],
  socket: ["unix"],
};

function isTransport(name: string): name is Transport {
  return (SUPPORTED_TRANSPORTS as readonly string[]).includes(name);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > MAX_PORT) throw new Error(`--port must be an integer from 0 to ${MAX_PORT}, got "${text}"`);
  return port;
}

function parseDrainTimeout(text: string): number {
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms > MAX_DELAY_MS)
    throw new Error(`--drain-timeout must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}, got "${text}"`);
  return ms;
}

/** `["http"]` → "http"; `["http", "ws", "tcp"]` → "http, ws or tcp". */
function either(names: readonly string[]): string {
  return names.length === 1 ? String(names[0]) : `${names.slice(0, -1).join(", ")} or ${String(names.at(-1))}`;
}

/** Reads the transport and its flags from argv; throws a message meant for the user on bad input. */
export function parseMainArgs(argv: readonly string[]): MainArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      transport: { type: "string", short: "t" },
      host: { type: "string" },
      port: { type: "string" },
      path: { type: "string" },
      "allowed-host": { type: "string", multiple: true },
      "allowed-origin": { type: "string", multiple: true },
      socket: { type: "string" },
      "drain-timeout": { type: "string" },
      config: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  const transport = values.transport ?? DEFAULT_TRANSPORT;
  if (!isTransport(transport)) {
    throw new Error(`unsupported transport "${transport}"; supported transports: ${SUPPORTED_TRANSPORTS.join(", ")}`);
  }
  for (const [flag, transports] of Object.entries(FLAG_TRANSPORTS)) {
    if ((values as Record<string, unknown>)[flag] !== undefined && !transports.includes(transport)) {
      throw new Error(`--${flag} applies only to --transport ${either(transports)}`);
    }
  }
  const { host, port, path, socket, "allowed-host": allowedHosts, "allowed-origin": allowedOrigins, "drain-timeout": drainTimeout } = values;
  if (values.config === "") throw new Error("--config needs a file path");
  const common = {
    ...(drainTimeout === undefined ? {} : { drainTimeoutMs: parseDrainTimeout(drainTimeout) }),
    ...(values.config === undefined ? {} : { configFile: values.config }),
  };
  const where = {
    ...common,
    ...(host === undefined ? {} : { host }),
    ...(port === undefined ? {} : { port: parsePort(port) }),
  };
  switch (transport) {
    case "stdio":
      return { transport, ...common };
    case "unix":
      if (socket === undefined || socket === "") throw new Error("--transport unix needs --socket <path>");
      return { transport, socket, ...common };
    case "tcp":
      return { transport, ...where };
    case "http":
    case "ws": {
      const web = {
        ...where,
        ...(path === undefined ? {} : { path }),
        ...(allowedHosts === undefined ? {} : { allowedHosts }),
        ...(allowedOrigins === undefined ? {} : { allowedOrigins }),
      };
      return transport === "http" ? { transport, ...web } : { transport, ...web };
    }
  }
}

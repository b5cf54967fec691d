/**
 * The server options of `turbomcp serve --help`. They are parsed by the runtime
 * (parseMainArgs), which only prints a bare `usage: <server>` line; the defaults
 * shown come from the runtime itself, so they cannot disagree with it.
 */
import type * as RuntimeModule from "@turbomcp/runtime";

export type ServeDefaults = Pick<
  typeof RuntimeModule,
  "DEFAULT_HTTP_HOST" | "DEFAULT_HTTP_PATH" | "DEFAULT_HTTP_PORT" | "DEFAULT_WS_PORT" | "DEFAULT_TCP_PORT" | "DEFAULT_DRAIN_TIMEOUT_MS"
>;

/** Loaded only when help may be shown: the runtime is not otherwise needed before `serve` runs. */
export async function loadServeDefaults(): Promise<ServeDefaults> {
  return import("@turbomcp/runtime");
}

function rows(defaults: ServeDefaults | undefined): [string, string][] {
  // Without the runtime loaded (help not expected), the rows still list every option, just without defaults.
  const shown = (text: (loaded: ServeDefaults) => string): string => (defaults === undefined ? "" : ` (default ${text(defaults)})`);
  return [
    ["-t, --transport <name>", "stdio (the default), http, ws, tcp or unix"],
    ["--host <address>", `http, ws, tcp: address to listen on${shown((d) => d.DEFAULT_HTTP_HOST)}`],
    [
      "--port <port>",
      `http, ws, tcp: port to listen on, 0 picks a free one${shown((d) => `http ${d.DEFAULT_HTTP_PORT}, ws ${d.DEFAULT_WS_PORT}, tcp ${d.DEFAULT_TCP_PORT}`)}`,
    ],
    ["--path <path>", `http, ws: the endpoint's path${shown((d) => d.DEFAULT_HTTP_PATH)}`],
    ["--allowed-host <name>", "http, ws: a Host name clients may use (repeatable)"],
    ["--allowed-origin <origin>", "http, ws: a browser Origin allowed to connect (repeatable)"],
    ["--socket <path>", "unix: the socket file (required)"],
    ["--drain-timeout <ms>", `how long requests in flight get to finish on SIGTERM/SIGINT${shown((d) => String(d.DEFAULT_DRAIN_TIMEOUT_MS))}`],
    ["--config <file>", "the JSON runtime config; the flags above override it"],
  ];
}

export function serverOptionsText(defaults: ServeDefaults | undefined): string {
  const table = rows(defaults);
  const width = Math.max(...table.map(([term]) => term.length));
  return `\nServer options (after the manifest; passed to the server):\n${table.map(([term, text]) => `  ${term.padEnd(width)}  ${text}`).join("\n")}\n`;
}

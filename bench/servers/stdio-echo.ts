/**
 * Ceiling, not an MCP server: newline-delimited JSON on stdin/stdout and nothing else.
 * Each line is `JSON.parse`d; a request is answered `{"jsonrpc":"2.0","id":<id>,
 * "result":<addResult(a, b)>}`, notifications are ignored, and the answers to the lines
 * of one read go out in one write. No protocol, no validation, no logging: what a
 * server on this machine could possibly do over stdio with the same requests, so the
 * stdio figures of the MCP servers can be read against it.
 *
 *   node --expose-gc --import tsx bench/servers/stdio-echo.ts --stdio
 */
import { benchServerArgs } from "./args.js";
import { installProbe } from "./probe.js";
import { addResult } from "./tool-set.js";

installProbe();
const args = benchServerArgs();
if (!args.stdio) throw new Error("stdio-echo serves stdio only: pass --stdio");

/** The answer to one line, or undefined for a notification or a line that is not a request. */
function answer(line: string): string | undefined {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return '{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"}}';
  }
  if (typeof message !== "object" || message === null || !("id" in message)) return undefined;
  const { id, params } = message as { id: unknown; params?: { arguments?: { a?: unknown; b?: unknown } } };
  const { a, b } = params?.arguments ?? {};
  return JSON.stringify({ jsonrpc: "2.0", id, result: addResult(Number(a), Number(b)) });
}

let pending = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  const lines = (pending + chunk).split("\n");
  pending = lines.pop() ?? "";
  let out = "";
  for (const line of lines) {
    const reply = line === "" ? undefined : answer(line);
    if (reply !== undefined) out += `${reply}\n`;
  }
  if (out !== "") process.stdout.write(out);
});
process.stdin.on("end", () => process.exit(0));

/**
 * The HTTP requests the load generator sends, pre-built once per run. How a request
 * looks depends on the protocol flavour a server speaks:
 * - `modern`: MCP 2026-07-28, stateless: version and capabilities in `_meta`, the
 *   required `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers;
 * - `session`: MCP 2025-11-25 with a session: `initialize` first, then
 *   `Mcp-Session-Id` on every request;
 * - `stateless`: MCP 2025-11-25 without a session (servers in stateless mode answer
 *   any request directly);
 * - `echo`: the ceilings, which only parse JSON and answer.
 */

export type Flavour = "modern" | "session" | "stateless" | "echo";

export const MODERN_VERSION = "2026-07-28";
export const LEGACY_VERSION = "2025-11-25";

export interface HttpRequestSpec {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const CLIENT_INFO = { name: "turbomcp-bench", version: "1.0.0" };

const modernMeta = {
  "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
  "io.modelcontextprotocol/clientInfo": CLIENT_INFO,
  "io.modelcontextprotocol/clientCapabilities": {},
};

const BASE_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

export type Operation =
  { readonly method: "tools/call"; readonly name: string; readonly arguments: Readonly<Record<string, unknown>> } | { readonly method: "tools/list" };

/** `tools/call add {a: 2, b: 3}`: every server answers with the text "5". */
export const CALL_ADD: Operation = { method: "tools/call", name: "add", arguments: { a: 2, b: 3 } };
export const LIST_TOOLS: Operation = { method: "tools/list" };

/** A substring every correct answer holds (JSON or inside an SSE event). */
export function expectedMarker(operation: Operation, tools: number): string {
  if (operation.method === "tools/call") return `"text":"5"`;
  // The last tool proves the whole list came back in one page.
  return tools === 1 ? `"name":"add"` : `"name":"tool_${String(tools - 1).padStart(4, "0")}"`;
}

function params(operation: Operation, flavour: Flavour): Record<string, unknown> | undefined {
  const base = operation.method === "tools/call" ? { name: operation.name, arguments: operation.arguments } : undefined;
  if (flavour !== "modern") return base;
  return { ...base, _meta: modernMeta };
}

/** The request for `operation`; `sessionId` is required for the `session` flavour. */
export function buildRequest(operation: Operation, flavour: Flavour, sessionId?: string): HttpRequestSpec {
  const p = params(operation, flavour);
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: operation.method, ...(p !== undefined && { params: p }) });
  switch (flavour) {
    case "modern":
      return {
        body,
        headers: {
          ...BASE_HEADERS,
          "mcp-protocol-version": MODERN_VERSION,
          "mcp-method": operation.method,
          ...(operation.method === "tools/call" && { "mcp-name": operation.name }),
        },
      };
    case "session":
      if (sessionId === undefined) throw new Error("a session request needs a session id");
      return { body, headers: { ...BASE_HEADERS, "mcp-protocol-version": LEGACY_VERSION, "mcp-session-id": sessionId } };
    case "stateless":
      return { body, headers: { ...BASE_HEADERS, "mcp-protocol-version": LEGACY_VERSION } };
    case "echo":
      return { body, headers: { "content-type": "application/json" } };
  }
}

export const INITIALIZE_BODY = JSON.stringify({
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: LEGACY_VERSION, capabilities: {}, clientInfo: CLIENT_INFO },
});
export const INITIALIZED_BODY = JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" });
export const INITIALIZE_HEADERS = BASE_HEADERS;

/** A stdio line for `operation` with id `id` (2025-11-25 session on the pipe). */
export function stdioLine(operation: Operation, id: number): string {
  const p = params(operation, "session");
  return `${JSON.stringify({ jsonrpc: "2.0", id, method: operation.method, ...(p !== undefined && { params: p }) })}\n`;
}

/**
 * Bad HTTP around good JSON-RPC: wrong methods, media types, origins, hosts,
 * sessions and 2026-07-28 request metadata headers (answered by the endpoint with
 * a JSON-RPC error and the error table's status), and requests so broken that
 * Node's HTTP parser refuses them before the endpoint sees them.
 */
import type { RawHeaders } from "../../helpers/raw-http.js";
import { STATELESS_META, healthyMethod, message, type Era } from "../bad-input-bodies.js";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Methods whose `Mcp-Name` header mirrors a body field (basic/transports/streamable-http, "Request Metadata"). */
const NAMED: Readonly<Record<string, string>> = { "tools/call": "name", "prompts/get": "name", "resources/read": "uri" };

/** The 2026-07-28 headers a conforming client derives from its body; for a body that is not JSON, those of `tools/list`. */
export function metadataHeaders(body: string | Buffer): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString());
  } catch {
    parsed = undefined;
  }
  const fields = isObject(parsed) ? parsed : {};
  const method = typeof fields.method === "string" ? fields.method : "tools/list";
  const headers: Record<string, string> = { "mcp-protocol-version": "2026-07-28", "mcp-method": method };
  const field = NAMED[method];
  const name = field !== undefined && isObject(fields.params) ? fields.params[field] : undefined;
  // A client with a non-string name (a bad body) still mirrors what it has: 42 as "42".
  if (name !== undefined) headers["mcp-name"] = typeof name === "string" ? name : JSON.stringify(name);
  return headers;
}

export const POST_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" } as const;

/** The headers a POST of `body` carries on `era`: the session's, or the 2026-07-28 metadata. */
export function eraHeaders(era: Era, body: string | Buffer, session: string | undefined): Record<string, string> {
  const own = era === "legacy" ? { "mcp-protocol-version": "2025-11-25" } : metadataHeaders(body);
  return { ...POST_HEADERS, ...own, ...(session === undefined ? {} : { "mcp-session-id": session }) };
}

export interface HeaderCase {
  readonly name: string;
  readonly era: Era;
  /** Default POST. */
  readonly method?: string;
  /** The live session (default on the legacy era), one that was deleted, or none (default on 2026-07-28). */
  readonly session?: "live" | "ended" | "none";
  /** Default: a request every era answers (`ping` / `tools/list`); none for other methods than POST. */
  readonly body?: string;
  /** Changes to the era's headers; undefined removes one. */
  readonly headers?: RawHeaders;
  readonly httpVersion?: "1.0";
  readonly status: number;
  /** The JSON-RPC error code; absent for a success (or for HEAD, which has no body). */
  readonly code?: number;
  readonly allow?: string;
}

const ENDPOINT_ALLOW = "GET, POST, DELETE";
const stateless = (fields: Record<string, unknown>): string => JSON.stringify(message("stateless", fields));
const CALL_ADD = stateless({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add", arguments: { a: 1, b: 2 } } });
const READ = stateless({ jsonrpc: "2.0", id: 1, method: "resources/read", params: { uri: "docs://readme" } });
const LIST_WITHOUT_META = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
const base64 = (bytes: Buffer | string): string => `=?base64?${Buffer.from(bytes).toString("base64")}?=`;

export const HEADER_CASES: readonly HeaderCase[] = [
  // Methods (basic/transports: the endpoint serves POST, GET and DELETE; 2026-07-28 POST only).
  { name: "PUT", era: "stateless", method: "PUT", status: 405, code: -32011, allow: ENDPOINT_ALLOW },
  { name: "PATCH", era: "stateless", method: "PATCH", status: 405, code: -32011, allow: ENDPOINT_ALLOW },
  { name: "OPTIONS", era: "legacy", method: "OPTIONS", status: 405, code: -32011, allow: ENDPOINT_ALLOW },
  { name: "TRACE", era: "legacy", method: "TRACE", status: 405, code: -32011, allow: ENDPOINT_ALLOW },
  { name: "HEAD", era: "legacy", method: "HEAD", status: 405, allow: ENDPOINT_ALLOW },
  { name: "GET on 2026-07-28", era: "stateless", method: "GET", headers: { accept: "text/event-stream" }, status: 405, code: -32011, allow: "POST" },
  { name: "DELETE on 2026-07-28", era: "stateless", method: "DELETE", status: 405, code: -32011, allow: "POST" },
  // Accept must list both application/json and text/event-stream.
  { name: "no Accept", era: "stateless", headers: { accept: undefined }, status: 406, code: -32012 },
  { name: "Accept: application/json only", era: "stateless", headers: { accept: "application/json" }, status: 406, code: -32012 },
  { name: "Accept: text/event-stream only", era: "stateless", headers: { accept: "text/event-stream" }, status: 406, code: -32012 },
  { name: "no Accept on the session", era: "legacy", headers: { accept: undefined }, status: 406, code: -32012 },
  // Content-Type must be application/json.
  { name: "no Content-Type", era: "stateless", headers: { "content-type": undefined }, status: 415, code: -32013 },
  { name: "Content-Type: text/plain", era: "stateless", headers: { "content-type": "text/plain" }, status: 415, code: -32013 },
  {
    name: "Content-Type: application/json-patch+json",
    era: "stateless",
    headers: { "content-type": "application/json-patch+json" },
    status: 415,
    code: -32013,
  },
  { name: "a form post (CSRF shape)", era: "legacy", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415, code: -32013 },
  { name: "multipart/form-data", era: "legacy", headers: { "content-type": "multipart/form-data; boundary=x" }, status: 415, code: -32013 },
  // DNS-rebinding protection: Origin and Host (basic/transports, "Security Warning").
  { name: "Origin: a look-alike of localhost", era: "legacy", headers: { origin: "http://localhost.evil.example" }, status: 403, code: -32003 },
  { name: "Origin: a foreign site", era: "stateless", headers: { origin: "https://evil.example" }, status: 403, code: -32003 },
  { name: "Origin: null", era: "stateless", headers: { origin: "null" }, status: 403, code: -32003 },
  { name: "Origin: file://", era: "legacy", headers: { origin: "file://" }, status: 403, code: -32003 },
  { name: "Origin: not a URL", era: "legacy", headers: { origin: "::::" }, status: 403, code: -32003 },
  { name: "an empty Host", era: "legacy", headers: { host: "" }, status: 403, code: -32003 },
  { name: "Host: a foreign name", era: "stateless", headers: { host: "evil.example" }, status: 403, code: -32003 },
  { name: "Host: a look-alike of localhost", era: "legacy", headers: { host: "localhost.evil.example:80" }, status: 403, code: -32003 },
  { name: "HTTP/1.0 without Host", era: "legacy", httpVersion: "1.0", headers: { host: undefined }, status: 403, code: -32003 },
  { name: "Host in capitals", era: "legacy", headers: { host: "LOCALHOST:1" }, status: 200 },
  // Legacy sessions: 400 without one, 404 for one that does not exist (any more).
  { name: "POST with an ended session", era: "legacy", session: "ended", status: 404, code: -32006 },
  { name: "GET with an ended session", era: "legacy", session: "ended", method: "GET", headers: { accept: "text/event-stream" }, status: 404, code: -32006 },
  { name: "DELETE with an ended session", era: "legacy", session: "ended", method: "DELETE", status: 404, code: -32006 },
  {
    name: "a notification without a session",
    era: "legacy",
    session: "none",
    body: '{"jsonrpc":"2.0","method":"notifications/initialized"}',
    status: 400,
    code: -32600,
  },
  { name: "a session id with raw non-ASCII bytes", era: "legacy", session: "none", headers: { "mcp-session-id": "sessión-☃" }, status: 404, code: -32006 },
  { name: "an 8 KiB session id", era: "legacy", session: "none", headers: { "mcp-session-id": "a".repeat(8192) }, status: 404, code: -32006 },
  { name: "two Mcp-Session-Id lines", era: "legacy", session: "none", headers: { "mcp-session-id": ["one", "two"] }, status: 404, code: -32006 },
  // 2026-07-28 ignores session ids ("ignore it, and do not mint or echo session IDs").
  { name: "a 2026-07-28 request with a stray Mcp-Session-Id", era: "stateless", headers: { "mcp-session-id": "stray" }, status: 200 },
  // 2026-07-28 request metadata: missing, mismatched or malformed headers are -32020 with 400.
  { name: "no MCP-Protocol-Version", era: "stateless", headers: { "mcp-protocol-version": undefined }, status: 400, code: -32020 },
  // "The header value MUST match the io.modelcontextprotocol/protocolVersion field … MUST reject … HeaderMismatch."
  {
    name: "MCP-Protocol-Version 2025-11-25 on a 2026-07-28 body",
    era: "stateless",
    headers: { "mcp-protocol-version": "2025-11-25" },
    status: 400,
    code: -32020,
  },
  {
    name: "MCP-Protocol-Version 2025-11-25 on a 2026-07-28 body, with a live session",
    era: "stateless",
    session: "live",
    headers: { "mcp-protocol-version": "2025-11-25" },
    status: 400,
    code: -32020,
  },
  {
    name: "a 2026-07-28 body with no metadata headers, with a live session",
    era: "stateless",
    session: "live",
    headers: { "mcp-protocol-version": undefined, "mcp-method": undefined },
    status: 400,
    code: -32020,
  },
  { name: "an unknown MCP-Protocol-Version", era: "stateless", headers: { "mcp-protocol-version": "2099-01-01" }, status: 400, code: -32022 },
  { name: "an empty MCP-Protocol-Version", era: "stateless", headers: { "mcp-protocol-version": "" }, status: 400, code: -32022 },
  { name: "two MCP-Protocol-Version lines", era: "stateless", headers: { "mcp-protocol-version": ["2026-07-28", "2026-07-28"] }, status: 400, code: -32022 },
  {
    name: "an unknown version in both header and _meta",
    era: "stateless",
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/list",
      params: { _meta: { ...STATELESS_META, "io.modelcontextprotocol/protocolVersion": "2099-01-01" } },
    }),
    headers: { "mcp-protocol-version": "2099-01-01" },
    status: 400,
    code: -32022,
  },
  { name: "no Mcp-Method", era: "stateless", headers: { "mcp-method": undefined }, status: 400, code: -32020 },
  { name: "Mcp-Method of another method", era: "stateless", headers: { "mcp-method": "prompts/list" }, status: 400, code: -32020 },
  { name: "Mcp-Method in other letter case", era: "stateless", headers: { "mcp-method": "Tools/List" }, status: 400, code: -32020 },
  { name: "two Mcp-Method lines", era: "stateless", headers: { "mcp-method": ["tools/list", "tools/list"] }, status: 400, code: -32020 },
  { name: "tools/call without Mcp-Name", era: "stateless", body: CALL_ADD, headers: { "mcp-name": undefined }, status: 400, code: -32020 },
  { name: "Mcp-Name of another tool", era: "stateless", body: CALL_ADD, headers: { "mcp-name": "echo" }, status: 400, code: -32020 },
  { name: "Mcp-Name with raw non-ASCII bytes", era: "stateless", body: CALL_ADD, headers: { "mcp-name": "addé" }, status: 400, code: -32020 },
  {
    name: "Mcp-Name with Base64 that is not canonical",
    era: "stateless",
    body: CALL_ADD,
    headers: { "mcp-name": "=?base64?YWRk=?=" },
    status: 400,
    code: -32020,
  },
  {
    name: "Mcp-Name with Base64 of bytes that are not UTF-8",
    era: "stateless",
    body: CALL_ADD,
    headers: { "mcp-name": base64(Buffer.from([0xff])) },
    status: 400,
    code: -32020,
  },
  { name: "Mcp-Name with Base64 of the name", era: "stateless", body: CALL_ADD, headers: { "mcp-name": base64("add") }, status: 200 },
  { name: "resources/read with Mcp-Name of another URI", era: "stateless", body: READ, headers: { "mcp-name": "docs://other" }, status: 400, code: -32020 },
  { name: "header names in odd letter case", era: "stateless", headers: { "mcp-method": undefined, "mCp-MeThOd": "tools/list" }, status: 200 },
  // _meta itself: missing or malformed is -32602.
  {
    name: "a 2026-07-28 header on a body without _meta",
    era: "stateless",
    body: LIST_WITHOUT_META,
    headers: { "mcp-method": "tools/list" },
    status: 400,
    code: -32602,
  },
  {
    name: "clientCapabilities an array",
    era: "stateless",
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/list",
      params: { _meta: { ...STATELESS_META, "io.modelcontextprotocol/clientCapabilities": [] } },
    }),
    status: 400,
    code: -32602,
  },
];

/** The default body of a header case on `era`. */
export function defaultBody(era: Era): string {
  return JSON.stringify(message(era, { jsonrpc: "2.0", id: 1, method: healthyMethod(era) }));
}

export interface ParserCase {
  readonly name: string;
  readonly bytes: string;
  readonly status: number;
}

const HOST = "Host: 127.0.0.1\r\n";

/** Refused by Node's HTTP parser (llhttp) before the endpoint runs: no JSON-RPC body, but never HTML or a stack. */
export const PARSER_CASES: readonly ParserCase[] = [
  { name: "a request line that is not HTTP", bytes: "HELLO\r\n\r\n", status: 400 },
  { name: "an unknown method token", bytes: `BREW /mcp HTTP/1.1\r\n${HOST}\r\n`, status: 400 },
  { name: "an unknown HTTP version", bytes: `POST /mcp HTTP/9.9\r\n${HOST}Content-Length: 0\r\n\r\n`, status: 400 },
  { name: "lines ended by LF alone", bytes: "POST /mcp HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 0\n\n", status: 400 },
  { name: "HTTP/1.1 without Host", bytes: "POST /mcp HTTP/1.1\r\nContent-Length: 0\r\n\r\n", status: 400 },
  { name: "Content-Length not a number", bytes: `POST /mcp HTTP/1.1\r\n${HOST}Content-Length: abc\r\n\r\n`, status: 400 },
  { name: "a negative Content-Length", bytes: `POST /mcp HTTP/1.1\r\n${HOST}Content-Length: -1\r\n\r\n`, status: 400 },
  { name: "two different Content-Lengths", bytes: `POST /mcp HTTP/1.1\r\n${HOST}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`, status: 400 },
  {
    name: "Content-Length with Transfer-Encoding (smuggling shape)",
    bytes: `POST /mcp HTTP/1.1\r\n${HOST}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    status: 400,
  },
  {
    name: "a chunk size that is not hex",
    bytes: `POST /mcp HTTP/1.1\r\n${HOST}Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
    status: 400,
  },
  { name: "a control character in a header value", bytes: `POST /mcp HTTP/1.1\r\n${HOST}Mcp-Name: a\u0001b\r\nContent-Length: 0\r\n\r\n`, status: 400 },
  { name: "a header line without a colon", bytes: `POST /mcp HTTP/1.1\r\n${HOST}NoColonHere\r\nContent-Length: 0\r\n\r\n`, status: 400 },
  { name: "a space before the colon", bytes: "POST /mcp HTTP/1.1\r\nHost : 127.0.0.1\r\nContent-Length: 0\r\n\r\n", status: 400 },
  { name: "a folded header line", bytes: `POST /mcp HTTP/1.1\r\n${HOST}Mcp-Method: tools/\r\n list\r\nContent-Length: 0\r\n\r\n`, status: 400 },
  { name: "20 KB of headers", bytes: `POST /mcp HTTP/1.1\r\n${HOST}X-Big: ${"a".repeat(20_000)}\r\nContent-Length: 0\r\n\r\n`, status: 431 },
  {
    name: "3,000 header lines",
    bytes: `POST /mcp HTTP/1.1\r\n${HOST}${Array.from({ length: 3000 }, (_, index) => `X-${index}: 1\r\n`).join("")}Content-Length: 0\r\n\r\n`,
    status: 431,
  },
];

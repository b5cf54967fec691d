/**
 * The request metadata headers of 2026-07-28 Streamable HTTP (basic/transports/
 * streamable-http, "Request Metadata"): `MCP-Protocol-Version`, `Mcp-Method`,
 * `Mcp-Name`, and `Mcp-Param-{Name}` for tool parameters marked `x-mcp-header`.
 * Intermediaries route on them, so each must match the body exactly; a missing,
 * malformed or mismatched one is refused with -32020 (HeaderMismatch), HTTP 400.
 */
import type { IncomingMessage } from "node:http";
import { McpError } from "../../protocol/errors.js";
import type { JsonRpcRequest } from "../../protocol/jsonrpc.js";
import type { RequestMeta } from "../../protocol/request-meta.js";
import type { ToolRoute } from "../../routing/types.js";
import { PROTOCOL_VERSION_HEADER } from "./headers.js";
import { isRecord } from "../../protocol/is-record.js";

/** Header names as Node delivers them (lower case; names are case-insensitive). */
const METHOD_HEADER = "mcp-method";
const NAME_HEADER = "mcp-name";
const PARAM_HEADER_PREFIX = "mcp-param-";

/**
 * Methods whose `Mcp-Name` is required, and the body field it mirrors. The tasks
 * extension adds its methods, named by task id, so a load balancer can send every
 * request about a task to the instance running it (SEP-2663, "Routing Headers").
 */
const NAMED: Readonly<Record<string, "name" | "uri" | "taskId">> = {
  "tools/call": "name",
  "resources/read": "uri",
  "prompts/get": "name",
  "tasks/get": "taskId",
  "tasks/update": "taskId",
  "tasks/cancel": "taskId",
};

const SENTINEL = /^=\?base64\?(.*)\?=$/s;
/** Canonical Base64: the standard alphabet, whole 4-character groups, correct padding. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** RFC 9110 field-value characters: visible ASCII, space, tab. */
const FIELD_VALUE = /^[\t\x20-\x7e]*$/;

function mismatch(message: string): McpError {
  return new McpError("header_mismatch", `Header mismatch: ${message}`);
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  // Node trims the whitespace around values (RFC 9110 OWS) and joins repeats with ", ".
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * A header value as text: the Base64 sentinel (`=?base64?…?=`) decoded, anything
 * else literal. Undefined when the value has characters a header may not carry or
 * the Base64 inside the sentinel is not canonical.
 */
export function decodeHeaderValue(raw: string): string | undefined {
  if (!FIELD_VALUE.test(raw)) return undefined;
  const encoded = SENTINEL.exec(raw)?.[1];
  if (encoded === undefined) return raw;
  if (!BASE64.test(encoded)) return undefined;
  const text = Buffer.from(encoded, "base64").toString("utf8");
  // Reject bytes that are not UTF-8 rather than compare a replacement character.
  return Buffer.from(text, "utf8").toString("base64") === encoded ? text : undefined;
}

function checkStandard(req: IncomingMessage, request: JsonRpcRequest, meta: RequestMeta): void {
  const version = headerOf(req, PROTOCOL_VERSION_HEADER);
  if (version === undefined) throw mismatch("MCP-Protocol-Version header is required");
  if (version !== meta.protocolVersion)
    throw mismatch(`MCP-Protocol-Version header '${version}' does not match _meta protocolVersion '${meta.protocolVersion}'`);
  const method = headerOf(req, METHOD_HEADER);
  if (method === undefined) throw mismatch("Mcp-Method header is required");
  if (method !== request.method) throw mismatch(`Mcp-Method header '${method}' does not match body method '${request.method}'`);
  const field = NAMED[request.method];
  if (field === undefined) return;
  const raw = headerOf(req, NAME_HEADER);
  const body = request.params?.[field];
  if (raw === undefined) throw mismatch(`Mcp-Name header is required for ${request.method}`);
  const name = decodeHeaderValue(raw);
  if (name === undefined) throw mismatch("Mcp-Name header is not a valid header value");
  if (name !== body) throw mismatch(`Mcp-Name header '${raw}' does not match body params.${field}`);
}

/** A tool parameter mirrored into a header: its header name and where it sits in the arguments. */
interface HeaderParam {
  readonly header: string;
  readonly path: readonly string[];
}

const paramCache = new WeakMap<ToolRoute, readonly HeaderParam[]>();

/** The `x-mcp-header` parameters of a tool, reachable through `properties` chains only (the generator enforces that). */
function headerParams(route: ToolRoute): readonly HeaderParam[] {
  let params = paramCache.get(route);
  if (params) return params;
  const found: HeaderParam[] = [];
  const walk = (schema: unknown, path: readonly string[]): void => {
    if (!isRecord(schema) || !isRecord(schema.properties)) return;
    for (const [key, property] of Object.entries(schema.properties)) {
      if (!isRecord(property)) continue;
      const name = property["x-mcp-header"];
      if (typeof name === "string") found.push({ header: PARAM_HEADER_PREFIX + name.toLowerCase(), path: [...path, key] });
      walk(property, [...path, key]);
    }
  };
  walk(route.definition.inputSchema, []);
  paramCache.set(route, (params = found));
  return params;
}

function valueAt(args: unknown, path: readonly string[]): unknown {
  let value = args;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return value;
}

/** Header text and body value agree: numbers compare numerically (`42.0` is `42`), booleans as `true`/`false`. */
function sameValue(text: string, value: unknown): boolean {
  if (typeof value === "number") return text.trim() !== "" && Number(text) === value;
  if (typeof value === "boolean") return text === String(value);
  return text === value;
}

function checkParams(req: IncomingMessage, request: JsonRpcRequest, route: ToolRoute): void {
  const args = request.params?.arguments;
  for (const { header, path } of headerParams(route)) {
    const value = valueAt(args, path);
    const raw = headerOf(req, header);
    const label = `Mcp-Param-${header.slice(PARAM_HEADER_PREFIX.length)}`;
    if (value === undefined || value === null) {
      if (raw !== undefined) throw mismatch(`${label} header is present but arguments.${path.join(".")} is not`);
      continue;
    }
    if (raw === undefined) throw mismatch(`${label} header is required when arguments.${path.join(".")} is set`);
    const text = decodeHeaderValue(raw);
    if (text === undefined) throw mismatch(`${label} header is not a valid header value`);
    if (!sameValue(text, value)) throw mismatch(`${label} header does not match arguments.${path.join(".")}`);
  }
}

/** Checks every metadata header of a 2026-07-28 request against its body; throws -32020. */
export function checkRequestHeaders(req: IncomingMessage, request: JsonRpcRequest, meta: RequestMeta, tools: ReadonlyMap<string, ToolRoute>): void {
  checkStandard(req, request, meta);
  if (request.method !== "tools/call") return;
  const route = tools.get(request.params?.name as string);
  if (route) checkParams(req, request, route);
}

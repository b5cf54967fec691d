/**
 * What the request spans say, named as the OpenTelemetry semantic conventions for MCP
 * name it (gen-ai/mcp.md, "Server" span; Development status, so the names may still
 * move): the span is `{mcp.method.name} {target}`, the target a tool or prompt name
 * and never a resource URI (unbounded cardinality). Names the conventions do not
 * define (the outcome, the tenant) are under `turbomcp.`.
 */
import type { Attributes } from "@opentelemetry/api";
import type { JsonRpcRequest } from "../protocol/jsonrpc.js";
import type { RequestRecord } from "../protocol/observer.js";

export const ATTR = {
  method: "mcp.method.name",
  protocolVersion: "mcp.protocol.version",
  sessionId: "mcp.session.id",
  resourceUri: "mcp.resource.uri",
  requestId: "jsonrpc.request.id",
  jsonRpcVersion: "jsonrpc.protocol.version",
  statusCode: "rpc.response.status_code",
  errorType: "error.type",
  operation: "gen_ai.operation.name",
  toolName: "gen_ai.tool.name",
  promptName: "gen_ai.prompt.name",
  outcome: "turbomcp.outcome",
  tenant: "turbomcp.tenant.id",
} as const;

/** The tool or prompt a request names: the low-cardinality part of its span name. */
export function targetOf(request: JsonRpcRequest): string | undefined {
  if (request.method !== "tools/call" && request.method !== "prompts/get") return undefined;
  const name = request.params?.name;
  return typeof name === "string" ? name : undefined;
}

/** `tools/call forecast`, or the method alone. */
export function spanName(request: JsonRpcRequest): string {
  const target = targetOf(request);
  return target === undefined ? request.method : `${request.method} ${target}`;
}

/** What is known when the request arrives. */
export function requestAttributes(request: JsonRpcRequest, protocolVersion: string): Attributes {
  const attributes: Attributes = {
    [ATTR.method]: request.method,
    [ATTR.requestId]: String(request.id),
    [ATTR.jsonRpcVersion]: "2.0",
    [ATTR.protocolVersion]: protocolVersion,
  };
  const target = targetOf(request);
  if (request.method === "tools/call") {
    attributes[ATTR.operation] = "execute_tool";
    if (target !== undefined) attributes[ATTR.toolName] = target;
  } else if (target !== undefined) attributes[ATTR.promptName] = target;
  const uri = request.params?.uri;
  if (typeof uri === "string") attributes[ATTR.resourceUri] = uri;
  return attributes;
}

/**
 * What is known once it is answered. `error.type` is the JSON-RPC code for a protocol
 * error, `tool_error` for a tool result with `isError: true` (a failed tool answers
 * with a result, not an error, so this is the only place the failure shows), and
 * `timeout` when the handler ran out of time.
 */
export function outcomeAttributes(record: RequestRecord): { readonly attributes: Attributes; readonly failed: boolean } {
  const attributes: Attributes = { [ATTR.outcome]: record.outcome };
  const { caller, errorCode, outcome } = record;
  if (caller.tenant !== undefined) attributes[ATTR.tenant] = caller.tenant.id;
  if (caller.sessionId !== undefined) attributes[ATTR.sessionId] = caller.sessionId;
  if (errorCode !== undefined) attributes[ATTR.statusCode] = String(errorCode);
  const errorType = outcome === "timeout" ? "timeout" : outcome === "tool_error" ? "tool_error" : errorCode !== undefined ? String(errorCode) : undefined;
  if (errorType !== undefined) attributes[ATTR.errorType] = errorType;
  return { attributes, failed: errorType !== undefined };
}

/**
 * One 2026-07-28 request through the balancer with the client capabilities of our
 * choosing, and its reply: for the tasks extension (SEP-2663), which the official v2
 * client (2.4) does not speak (it refuses a `resultType: "task"` result with
 * UNSUPPORTED_RESULT_TYPE), so its requests are written here as the spec states them.
 */
import { BACKEND_HEADER } from "../../helpers/cluster.js";

export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";
const VERSION = "2026-07-28";

/** Methods whose `Mcp-Name` header mirrors a body field (2026-07-28 "Request Metadata"). */
const NAMED: Readonly<Record<string, string>> = {
  "tools/call": "name",
  "resources/read": "uri",
  "prompts/get": "name",
  "tasks/get": "taskId",
  "tasks/update": "taskId",
  "tasks/cancel": "taskId",
};

export interface StatelessReply {
  readonly status: number;
  readonly backend: string | undefined;
  /** The JSON-RPC result; undefined on an error. */
  readonly result: Record<string, unknown> | undefined;
  readonly error: { readonly code: number; readonly message: string } | undefined;
}

let sequence = 0;

/** The JSON-RPC reply of a JSON body, or of the last `data:` line of an event stream. */
function replyOf(text: string): { result?: Record<string, unknown>; error?: { code: number; message: string } } {
  const data = text.trimStart().startsWith("{")
    ? text
    : (text
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .pop()
        ?.slice(5) ?? "{}");
  return JSON.parse(data) as { result?: Record<string, unknown>; error?: { code: number; message: string } };
}

export interface CallOptions {
  /** `_meta`'s client capabilities; default the tasks extension and elicitation. */
  readonly capabilities?: Record<string, unknown>;
  /** Aborting it closes the request's stream: the 2026-07-28 way to cancel. */
  readonly signal?: AbortSignal;
  /** `X-Request-Id`, how HAProxy's access log names the request. */
  readonly requestId?: string;
}

export async function statelessCall(url: string, method: string, params: Record<string, unknown>, options: CallOptions = {}): Promise<StatelessReply> {
  const capabilities = options.capabilities ?? { extensions: { [TASKS_EXTENSION]: {} }, elicitation: {} };
  const field = NAMED[method];
  const name = field === undefined ? undefined : params[field];
  const response = await fetch(url, {
    method: "POST",
    ...(options.signal !== undefined && { signal: options.signal }),
    headers: {
      ...(options.requestId !== undefined && { "x-request-id": options.requestId }),
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": VERSION,
      "mcp-method": method,
      ...(typeof name === "string" && { "mcp-name": name }),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: ++sequence,
      method,
      params: { ...params, _meta: { "io.modelcontextprotocol/protocolVersion": VERSION, "io.modelcontextprotocol/clientCapabilities": capabilities } },
    }),
  });
  const reply = replyOf(await response.text());
  return { status: response.status, backend: response.headers.get(BACKEND_HEADER) ?? undefined, result: reply.result, error: reply.error };
}

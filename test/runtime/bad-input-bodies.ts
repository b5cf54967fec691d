/**
 * Bad JSON-RPC messages, one table for every transport: the HTTP test POSTs each
 * as a body, the stdio test writes each as a line. Every case is built for both
 * eras: on the legacy session (after `initialize`) and as a 2026-07-28 request,
 * which carries its version and capabilities in `_meta`.
 *
 * HTTP statuses follow basic/transports: a body that is not a JSON-RPC message at
 * all is refused with 400 on both eras; a well-formed request that fails is a
 * JSON-RPC error with status 200 on the legacy session (the error is in the body)
 * and with the error table's status on 2026-07-28 (-32601 → 404, others → 400).
 */
import type { JsonRpcId } from "../../packages/runtime/src/index.js";

export type Era = "legacy" | "stateless";
export const ERAS: readonly Era[] = ["legacy", "stateless"];

export type Outcome =
  /** A JSON-RPC error with this code and id; `status` is the HTTP status. */
  | { readonly reply: "error"; readonly code: number; readonly id: JsonRpcId | null; readonly status: number }
  /** A result for this id (HTTP 200); `isError` for a tool result that reports a failure. */
  | { readonly reply: "result"; readonly id: JsonRpcId; readonly isError?: boolean }
  /** Some reply for this id that is not the server's fault: a result, or an error under 500 that is not -32603. */
  | { readonly reply: "answered"; readonly id: JsonRpcId }
  /** No reply: HTTP 202 with no body, nothing on stdio. */
  | { readonly reply: "none" };

export interface BodyCase {
  readonly name: string;
  readonly body: (era: Era) => string | Buffer;
  readonly legacy: Outcome;
  /** The 2026-07-28 answer, where it differs from the legacy one. */
  readonly stateless?: Outcome;
  /** stdio has no status, no headers and no 202: its answer, where it differs. */
  readonly stdio?: Partial<Record<Era, Outcome>>;
}

export function outcomeOf(test: BodyCase, era: Era, transport: "http" | "stdio"): Outcome {
  const stdio = transport === "stdio" ? test.stdio?.[era] : undefined;
  return stdio ?? (era === "stateless" ? (test.stateless ?? test.legacy) : test.legacy);
}

/** The per-request `_meta` of 2026-07-28 (basic/index). */
export const STATELESS_META = {
  "io.modelcontextprotocol/protocolVersion": "2026-07-28",
  "io.modelcontextprotocol/clientCapabilities": {},
} as const;

const refused = (code: number, id: JsonRpcId | null = null): Outcome => ({ reply: "error", code, id, status: 400 });
const failed = (code: number, id: JsonRpcId, status: number): Outcome => ({ reply: "error", code, id, status });
const result = (id: JsonRpcId, isError?: boolean): Outcome => (isError === undefined ? { reply: "result", id } : { reply: "result", id, isError });
const NONE: Outcome = { reply: "none" };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A message as the era sends it: on 2026-07-28, object (or absent) params gain the `_meta` fields. */
export function message(era: Era, fields: Record<string, unknown>): Record<string, unknown> {
  if (era === "legacy" || typeof fields.method !== "string") return fields;
  const params = fields.params;
  if (params !== undefined && !isObject(params)) return fields;
  const meta = isObject(params?._meta) ? params._meta : {};
  return { ...fields, params: { ...params, _meta: { ...STATELESS_META, ...meta } } };
}

const text = (era: Era, fields: Record<string, unknown>): string => JSON.stringify(message(era, fields));
/** A method every era answers with a plain result: `ping` on the session, `tools/list` on 2026-07-28 (which removed ping). */
export const healthyMethod = (era: Era): string => (era === "legacy" ? "ping" : "tools/list");
const healthy = (era: Era, id: JsonRpcId): string => text(era, { jsonrpc: "2.0", id, method: healthyMethod(era) });

/** `text` with the string `"@@"` replaced by `raw`: for values JSON.stringify cannot build (100,000 levels deep). */
function splice(era: Era, fields: Record<string, unknown>, raw: string): string {
  return text(era, fields).replace('"@@"', raw);
}

const DEPTH = 100_000;
const DEEP_ARRAY = "[".repeat(DEPTH) + "]".repeat(DEPTH);
const DEEP_OBJECT = '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH);
const MANY_KEYS = 100_000;
const manyKeys = (): Record<string, number> => Object.fromEntries(Array.from({ length: MANY_KEYS }, (_, index) => [`k${index}`, index]));

/** A request with bytes that are not UTF-8 inside one of its strings. */
function withBytes(era: Era, bytes: readonly number[]): Buffer {
  const [before, after] = text(era, { jsonrpc: "2.0", id: 1, method: healthyMethod(era), params: { note: "@@" } }).split("@@") as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
}

const call = (era: Era, id: JsonRpcId, params: Record<string, unknown>): string => text(era, { jsonrpc: "2.0", id, method: "tools/call", params });

export const BODY_CASES: readonly BodyCase[] = [
  // Not JSON: -32700 with a null id (JSON-RPC 2.0, "Parse error").
  { name: "malformed JSON", body: () => "{jsonrpc: 2.0, id: 1}", legacy: refused(-32700) },
  { name: "truncated JSON", body: (era) => healthy(era, 1).slice(0, 20), legacy: refused(-32700) },
  { name: "trailing garbage after the message", body: (era) => `${healthy(era, 1)} x`, legacy: refused(-32700) },
  { name: "two messages back to back", body: (era) => healthy(era, 1) + healthy(era, 2), legacy: refused(-32700) },
  { name: "an empty body", body: () => "", legacy: refused(-32700), stdio: { legacy: NONE, stateless: NONE } },
  { name: "only whitespace", body: () => " \t ", legacy: refused(-32700), stdio: { legacy: NONE, stateless: NONE } },
  { name: "a NUL byte", body: () => "\u0000", legacy: refused(-32700) },
  // "JSON-RPC messages MUST be UTF-8 encoded" (basic/transports); RFC 8259 §8.1.
  { name: "bytes that are not UTF-8 at all", body: () => Buffer.from([0xff, 0xfe, 0xfd, 0x80]), legacy: refused(-32700) },
  {
    name: "UTF-16LE with a byte-order mark",
    body: (era) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(healthy(era, 1), "utf16le")]),
    legacy: refused(-32700),
  },
  { name: "an invalid UTF-8 byte inside a string", body: (era) => withBytes(era, [0xff]), legacy: refused(-32700) },
  { name: "a cut-off UTF-8 sequence inside a string", body: (era) => withBytes(era, [0xe2, 0x82]), legacy: refused(-32700) },
  // JSON, but not a JSON-RPC message: -32600.
  { name: "a JSON string", body: () => '"hello"', legacy: refused(-32600) },
  { name: "a JSON number", body: () => "42", legacy: refused(-32600) },
  { name: "JSON null", body: () => "null", legacy: refused(-32600) },
  { name: "JSON true", body: () => "true", legacy: refused(-32600) },
  { name: "an empty array", body: () => "[]", legacy: refused(-32600) },
  { name: "an array of junk", body: () => "[1,2,3]", legacy: refused(-32600) },
  // Batches exist on 2025-03-26 only; the legacy session here is 2025-11-25.
  { name: "a batch of one valid request", body: (era) => `[${healthy(era, 1)}]`, legacy: refused(-32600) },
  { name: "jsonrpc missing", body: (era) => text(era, { id: 1, method: healthyMethod(era) }), legacy: refused(-32600, 1) },
  { name: 'jsonrpc "1.0"', body: (era) => text(era, { jsonrpc: "1.0", id: 1, method: healthyMethod(era) }), legacy: refused(-32600, 1) },
  { name: "jsonrpc as the number 2", body: (era) => text(era, { jsonrpc: 2, id: 1, method: healthyMethod(era) }), legacy: refused(-32600, 1) },
  // MCP ids are strings or numbers, never null (basic/index); an unreadable id is answered with null.
  { name: "id null", body: (era) => text(era, { jsonrpc: "2.0", id: null, method: healthyMethod(era) }), legacy: refused(-32600) },
  { name: "id an object", body: (era) => text(era, { jsonrpc: "2.0", id: { a: 1 }, method: healthyMethod(era) }), legacy: refused(-32600) },
  { name: "id an array", body: (era) => text(era, { jsonrpc: "2.0", id: [1], method: healthyMethod(era) }), legacy: refused(-32600) },
  { name: "id true", body: (era) => text(era, { jsonrpc: "2.0", id: true, method: healthyMethod(era) }), legacy: refused(-32600) },
  { name: "id false", body: (era) => text(era, { jsonrpc: "2.0", id: false, method: healthyMethod(era) }), legacy: refused(-32600) },
  {
    name: "id beyond a double (1e400)",
    body: (era) => text(era, { jsonrpc: "2.0", id: "@@", method: healthyMethod(era) }).replace('"@@"', "1e400"),
    legacy: refused(-32600),
  },
  // Legal ids come back exactly.
  { name: "a string id", body: (era) => healthy(era, "req-α"), legacy: result("req-α") },
  { name: "an empty string id", body: (era) => healthy(era, ""), legacy: result("") },
  { name: "id 0", body: (era) => healthy(era, 0), legacy: result(0) },
  { name: "a negative id", body: (era) => healthy(era, -7), legacy: result(-7) },
  { name: "the largest safe integer id", body: (era) => healthy(era, Number.MAX_SAFE_INTEGER), legacy: result(Number.MAX_SAFE_INTEGER) },
  {
    name: "a unicode id with an escaped NUL and a lone surrogate",
    body: (era) => healthy(era, "ключ 🔑 \u0000 \ud800"),
    legacy: result("ключ 🔑 \u0000 \ud800"),
  },
  { name: "method missing", body: (era) => text(era, { jsonrpc: "2.0", id: 1, params: {} }), legacy: refused(-32600, 1) },
  { name: "method a number", body: (era) => text(era, { jsonrpc: "2.0", id: 1, method: 42 }), legacy: refused(-32600, 1) },
  { name: "method null", body: (era) => text(era, { jsonrpc: "2.0", id: 1, method: null }), legacy: refused(-32600, 1) },
  { name: "params an array", body: (era) => text(era, { jsonrpc: "2.0", id: 1, method: healthyMethod(era), params: [1, 2] }), legacy: refused(-32600, 1) },
  { name: "params a string", body: (era) => text(era, { jsonrpc: "2.0", id: 1, method: healthyMethod(era), params: "x" }), legacy: refused(-32600, 1) },
  { name: "params null", body: (era) => text(era, { jsonrpc: "2.0", id: 1, method: healthyMethod(era), params: null }), legacy: refused(-32600, 1) },
  // Well-formed requests that fail: 200 on the session, the table's status on 2026-07-28.
  {
    name: "an unknown method",
    body: (era) => text(era, { jsonrpc: "2.0", id: 1, method: "no/such/method" }),
    legacy: failed(-32601, 1, 200),
    stateless: failed(-32601, 1, 404),
  },
  {
    name: "an empty method name",
    body: (era) => text(era, { jsonrpc: "2.0", id: 1, method: "" }),
    legacy: failed(-32601, 1, 200),
    stateless: failed(-32601, 1, 404),
  },
  {
    name: "tools/call with a numeric name",
    body: (era) => call(era, 1, { name: 42, arguments: {} }),
    legacy: failed(-32602, 1, 200),
    // Over HTTP the Mcp-Name header cannot match a number: -32020 comes first.
    stateless: refused(-32020, 1),
    stdio: { stateless: failed(-32602, 1, 400) },
  },
  {
    name: "tools/call without a name",
    body: (era) => call(era, 1, { arguments: {} }),
    legacy: failed(-32602, 1, 200),
    stateless: refused(-32020, 1),
    stdio: { stateless: failed(-32602, 1, 400) },
  },
  {
    name: "tools/call of an unknown tool",
    body: (era) => call(era, 1, { name: "no_such_tool", arguments: {} }),
    legacy: failed(-32602, 1, 200),
    stateless: refused(-32602, 1),
  },
  // server/tools: a request that fails the CallToolRequest schema is a protocol error (-32602), not a tool result.
  {
    name: "tools/call with arguments an array",
    body: (era) => call(era, 1, { name: "add", arguments: [1, 2] }),
    legacy: failed(-32602, 1, 200),
    stateless: refused(-32602, 1),
  },
  {
    name: "tools/call with arguments a string",
    body: (era) => call(era, 1, { name: "add", arguments: "1 + 2" }),
    legacy: failed(-32602, 1, 200),
    stateless: refused(-32602, 1),
  },
  // ...while arguments that fail the tool's own inputSchema are an isError result the model can correct.
  {
    name: "tools/call with arguments of the wrong types",
    body: (era) => call(era, 1, { name: "add", arguments: { a: "1", b: [2] } }),
    legacy: result(1, true),
  },
  // Messages that get no reply.
  { name: "a notification", body: (era) => text(era, { jsonrpc: "2.0", method: "notifications/initialized" }), legacy: NONE },
  { name: "an unknown notification", body: (era) => text(era, { jsonrpc: "2.0", method: "notifications/no_such_thing" }), legacy: NONE },
  // A broken notification is never answered in JSON-RPC, but HTTP must still refuse it ("MUST return an HTTP error status").
  {
    name: "a notification with array params",
    body: () => '{"jsonrpc":"2.0","method":"notifications/initialized","params":[]}',
    legacy: refused(-32600),
    stdio: { legacy: NONE, stateless: NONE },
  },
  {
    name: "a response to no request",
    body: () => '{"jsonrpc":"2.0","id":99,"result":{}}',
    legacy: NONE,
    // 2026-07-28: "The client MUST NOT send JSON-RPC responses".
    stateless: refused(-32600),
    stdio: { stateless: NONE },
  },
  { name: "a malformed response", body: () => '{"jsonrpc":"2.0","id":99,"error":"boom"}', legacy: refused(-32600), stdio: { legacy: NONE, stateless: NONE } },
  // Deep nesting: V8's JSON.parse is iterative, but anything recursive after it (a validator, a digest) is not.
  { name: "100,000 unclosed [", body: () => "[".repeat(DEPTH), legacy: refused(-32700) },
  { name: "100,000 nested arrays", body: () => DEEP_ARRAY, legacy: refused(-32600) },
  { name: "100,000 nested objects", body: () => DEEP_OBJECT, legacy: refused(-32600) },
  { name: "a 100,000-deep id", body: (era) => splice(era, { jsonrpc: "2.0", id: "@@", method: healthyMethod(era) }, DEEP_ARRAY), legacy: refused(-32600) },
  // Deeper than DEFAULT_MAX_JSON_DEPTH: refused with the request's id before recursive code (validators, digests) sees it.
  {
    name: "a 100,000-deep value in params",
    body: (era) => splice(era, { jsonrpc: "2.0", id: 1, method: healthyMethod(era), params: { deep: "@@" } }, DEEP_ARRAY),
    legacy: refused(-32600, 1),
  },
  {
    name: "a 100,000-deep value in _meta",
    body: (era) => splice(era, { jsonrpc: "2.0", id: 1, method: healthyMethod(era), params: { _meta: { "example.com/deep": "@@" } } }, DEEP_OBJECT),
    legacy: refused(-32600, 1),
  },
  {
    name: "100,000-deep tool arguments",
    body: (era) => splice(era, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add", arguments: { a: 1, b: 2, c: "@@" } } }, DEEP_ARRAY),
    legacy: refused(-32600, 1),
  },
  {
    // A requestState binds the request's params by digest: the digest must cope with any depth.
    name: "100,000-deep params beside a requestState",
    body: (era) =>
      splice(
        era,
        { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "two_steps", arguments: {}, requestState: "not-a-state", deep: "@@" } },
        DEEP_ARRAY,
      ),
    legacy: refused(-32600, 1),
  },
  {
    // The tool asks for input, so the server seals a requestState over these params.
    name: "100,000-deep params when the tool asks for input",
    body: (era) =>
      splice(
        era,
        {
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "two_steps", arguments: {}, deep: "@@", _meta: { "io.modelcontextprotocol/clientCapabilities": { elicitation: {} } } },
        },
        DEEP_ARRAY,
      ),
    legacy: refused(-32600, 1),
  },
  // Many keys.
  // HTTP bodies hold at most 10,000 object keys (runtime/transports/http/json-keys.ts); stdio has no such limit.
  {
    name: "100,000 keys in params",
    body: (era) => text(era, { jsonrpc: "2.0", id: 1, method: healthyMethod(era), params: { many: manyKeys() } }),
    legacy: refused(-32600, 1),
    stdio: { legacy: result(1), stateless: result(1) },
  },
  {
    name: "100,000 copies of one key",
    body: (era) => splice(era, { jsonrpc: "2.0", id: 1, method: healthyMethod(era), params: { many: "@@" } }, `{${'"k":0,'.repeat(MANY_KEYS)}"k":1}`),
    legacy: result(1),
  },
  {
    name: "20,000 unknown tool arguments",
    body: (era) => call(era, 1, { name: "add", arguments: Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`x${index}`, index])) }),
    legacy: refused(-32600, 1),
    stdio: { legacy: result(1, true), stateless: result(1, true) },
  },
];

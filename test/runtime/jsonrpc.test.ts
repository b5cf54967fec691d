import { describe, expect, it } from "vitest";
import { encodeMessage, parseMessage } from "../../packages/runtime/src/index.js";
import { encodeOrDrop, preserialise } from "../../packages/runtime/src/protocol/encode.js";

describe("parseMessage", () => {
  const cases: ReadonlyArray<readonly [string, string, string, unknown]> = [
    // [name, line, expected kind, expected reply id or message id]
    ["request with number id", '{"jsonrpc":"2.0","id":7,"method":"ping"}', "request", 7],
    ["request with string id", '{"jsonrpc":"2.0","id":"abc","method":"ping"}', "request", "abc"],
    ["request with zero id", '{"jsonrpc":"2.0","id":0,"method":"ping"}', "request", 0],
    ["request with negative fractional id", '{"jsonrpc":"2.0","id":-1.5,"method":"ping"}', "request", -1.5],
    ["request with empty-string id", '{"jsonrpc":"2.0","id":"","method":"ping"}', "request", ""],
    ["notification", '{"jsonrpc":"2.0","method":"notifications/initialized"}', "notification", undefined],
    ["success response", '{"jsonrpc":"2.0","id":"srv-1","result":{}}', "response", "srv-1"],
    ["error response with null id", '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}', "response", null],
  ];
  it.each(cases)("%s", (_name, line, kind, id) => {
    const parsed = parseMessage(line);
    expect(parsed.kind).toBe(kind);
    if (parsed.kind !== "invalid" && parsed.kind !== "batch" && id !== undefined) expect("id" in parsed.message && parsed.message.id).toBe(id);
  });

  const invalid: ReadonlyArray<readonly [string, string, number | null, unknown]> = [
    // [name, line, expected JSON-RPC code (null: no reply), expected reply id]
    ["malformed JSON", "{not json", -32700, null],
    ["truncated JSON", '{"jsonrpc":"2.0","id":1', -32700, null],
    ["JSON that is not an object", "42", -32600, null],
    ["empty batch", "[]", -32600, null],
    ["wrong jsonrpc version keeps the id", '{"jsonrpc":"1.0","id":5,"method":"ping"}', -32600, 5],
    ["null request id", '{"jsonrpc":"2.0","id":null,"method":"ping"}', -32600, null],
    ["object id", '{"jsonrpc":"2.0","id":{},"method":"ping"}', -32600, null],
    ["method not a string", '{"jsonrpc":"2.0","id":"x","method":3}', -32600, "x"],
    ["array params", '{"jsonrpc":"2.0","id":2,"method":"ping","params":[1]}', -32600, 2],
    ["no method, result or error", '{"jsonrpc":"2.0","id":3}', -32600, 3],
    ["malformed response gets no reply", '{"jsonrpc":"2.0","id":3,"result":"x"}', null, undefined],
    ["notification with array params gets no reply", '{"jsonrpc":"2.0","method":"x","params":[]}', null, undefined],
  ];
  it.each(invalid)("%s", (_name, line, code, id) => {
    const parsed = parseMessage(line);
    expect(parsed.kind).toBe("invalid");
    if (parsed.kind !== "invalid") return;
    if (code === null) {
      expect(parsed.reply).toBeNull();
      return;
    }
    expect(parsed.reply?.error.code).toBe(code);
    // An unreadable id is left out, not sent as null: MCP ids are never null.
    if (id === null) expect(parsed.reply).not.toHaveProperty("id");
    else expect(parsed.reply?.id).toBe(id);
    expect(parsed.reply?.error.message).not.toMatch(/at .*\.ts/);
  });

  it("keeps params by reference so validators can coerce them", () => {
    const parsed = parseMessage('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add"}}');
    expect(parsed.kind === "request" && parsed.message.params).toEqual({ name: "add" });
  });
});

describe("parseMessage nesting limit (128)", () => {
  const nested = (depth: number): string => `${"[".repeat(depth - 1)}1${"]".repeat(depth - 1)}`;
  const call = (args: string): string => `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"x","arguments":{"v":${args}}}}`;

  it("accepts a message exactly 128 levels deep and refuses one level more, with its id", () => {
    // message (1) > params (2) > arguments (3) > v's arrays
    expect(parseMessage(call(nested(126))).kind).toBe("request");
    const refused = parseMessage(call(nested(127)));
    expect(refused.kind).toBe("invalid");
    expect(refused.kind === "invalid" && refused.reply).toMatchObject({ id: 7, error: { code: -32600 } });
  });

  it("does not count brackets inside strings, escaped quotes included", () => {
    const text = `"${"[{".repeat(300)}\\"${"[".repeat(300)}"`;
    expect(parseMessage(call(text)).kind).toBe("request");
  });
});

describe("encodeMessage", () => {
  it("turns an unserialisable result into an internal error for the same id", () => {
    const line = encodeMessage({ jsonrpc: "2.0", id: "q", result: { big: 1n } });
    expect(JSON.parse(line)).toEqual({ jsonrpc: "2.0", id: "q", error: { code: -32603, message: "Internal error: result cannot be serialised" } });
  });
});

describe("encodeOrDrop (what every transport writes)", () => {
  it("drops and logs a notification that cannot be serialised, and encodes the rest", () => {
    const logged: string[] = [];
    const logger = { error: (message: string) => logged.push(message), warn: () => {} };
    expect(encodeOrDrop({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: 1n } }, logger)).toBeUndefined();
    expect(logged).toEqual(["dropped a message that cannot be serialised"]);
    expect(encodeOrDrop({ jsonrpc: "2.0", id: 1, result: {} }, logger)).toBe('{"jsonrpc":"2.0","id":1,"result":{}}');
  });
});

describe("encodeMessage with preserialised results", () => {
  it("splices the remembered text instead of serialising again", () => {
    const result: Record<string, unknown> = preserialise({ tools: [{ name: "a" }] });
    result.tools = "changed after caching";
    expect(encodeMessage({ jsonrpc: "2.0", id: "x", result })).toBe('{"jsonrpc":"2.0","id":"x","result":{"tools":[{"name":"a"}]}}');
  });
});

describe("batches (2025-03-26)", () => {
  it("classifies each item of a batch, and refuses a batch inside a batch", () => {
    const parsed = parseMessage('[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},[]]');
    expect(parsed.kind).toBe("batch");
    if (parsed.kind !== "batch") return;
    expect(parsed.items.map((item) => item.kind)).toEqual(["request", "notification", "invalid"]);
  });
});

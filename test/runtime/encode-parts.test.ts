import { describe, expect, it } from "vitest";
import { encodeMessage, encodeReplyParts, preserialise } from "../../packages/runtime/src/protocol/encode.js";

const largeList = () =>
  preserialise({
    tools: Array.from({ length: 300 }, (_, i) => ({ name: `tool_${i}`, description: `Tool ${i} — déjà vu ✓`, inputSchema: { type: "object" } })),
  });

describe("encodeReplyParts", () => {
  it("writes a large preserialised result as its cached bytes, byte for byte what encodeMessage writes", () => {
    const result = largeList();
    for (const id of [1, "req-7", 0]) {
      const message = { jsonrpc: "2.0" as const, id, result };
      const parts = encodeReplyParts(message);
      expect(typeof parts).not.toBe("string");
      if (typeof parts === "string") return;
      const bytes = Buffer.concat([Buffer.from(parts.head), parts.body, Buffer.from(parts.tail)]);
      expect(bytes.toString("utf8")).toBe(encodeMessage(message));
      expect(parts.byteLength).toBe(bytes.length);
    }
  });

  it("reuses the same bytes for every reply", () => {
    const result = largeList();
    const first = encodeReplyParts({ jsonrpc: "2.0", id: 1, result });
    const second = encodeReplyParts({ jsonrpc: "2.0", id: 2, result });
    expect(typeof first !== "string" && typeof second !== "string" && first.body === second.body).toBe(true);
  });

  it("keeps small and ordinary results as one string", () => {
    expect(encodeReplyParts({ jsonrpc: "2.0", id: 1, result: preserialise({ tools: [] }) })).toBe('{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}');
    expect(encodeReplyParts({ jsonrpc: "2.0", id: 1, result: { content: [] } })).toBe('{"jsonrpc":"2.0","id":1,"result":{"content":[]}}');
  });
});

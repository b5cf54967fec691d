/** The calculator example over one transport: what the brief of every transport promises. */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RawChannel } from "../../helpers/raw-channel.js";
import { CALCULATOR_ENTRY, killLeftovers } from "./served.js";
import {
  INITIALIZE,
  INITIALIZED,
  connectClient,
  progressBeforeReply,
  sentCallId,
  type Connected,
  type ServedEndpoint,
  type TransportTarget,
} from "./suite-client.js";

/** 3,000 values: `sum` reports progress at every thousandth. */
const VALUES = Array.from({ length: 3000 }, (_, index) => index + 1);

export function calculatorScenarios(target: TransportTarget): void {
  let endpoint: ServedEndpoint;
  let main: Connected;
  let raw: RawChannel | undefined;

  beforeAll(async () => {
    endpoint = await target.start(CALCULATOR_ENTRY);
    main = await connectClient(endpoint);
  });

  afterAll(async () => {
    await main?.client.close();
    await raw?.close();
    await endpoint?.stop();
    killLeftovers();
  });

  it("initializes: negotiates a version and learns the server's identity", () => {
    expect(main.client.getServerVersion()).toMatchObject({ name: "calculator", version: "1.0.0", title: "Calculator" });
    expect(main.client.getServerCapabilities()).toMatchObject({ tools: {} });
    expect(main.client.getInstructions()).toMatch(/exact arithmetic/);
  });

  it("lists the tools with their schemas", async () => {
    const { tools } = await main.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["add", "divide", "sum"]);
    expect(tools.find((tool) => tool.name === "divide")).toMatchObject({ title: "Divide", outputSchema: { required: ["quotient", "remainder"] } });
  });

  it("calls add", async () => {
    expect(await main.client.callTool({ name: "add", arguments: { a: 2, b: 3 } })).toEqual({ content: [{ type: "text", text: "5" }] });
  });

  it("returns divide's structured output, and its ToolError as an isError result", async () => {
    const divided = await main.client.callTool({ name: "divide", arguments: { a: 17, b: 5 } });
    expect(divided.structuredContent).toEqual({ quotient: 3, remainder: 2 });
    const byZero = await main.client.callTool({ name: "divide", arguments: { a: 1, b: 0 } });
    expect(byZero).toMatchObject({ isError: true, content: [{ type: "text", text: "cannot divide by zero" }] });
  });

  it("delivers sum's progress notifications before its result", async () => {
    const seen: number[] = [];
    const result = await main.client.callTool({ name: "sum", arguments: { values: VALUES } }, undefined, {
      onprogress: (update) => seen.push(update.progress),
    });
    expect(result.structuredContent).toEqual({ total: 4_501_500, count: 3000 });
    const progress = progressBeforeReply(main.wire, "sum");
    expect(progress).toEqual([1000, 2000, 3000]);
    expect(seen).toEqual(progress.slice(0, seen.length));
  });

  it("cancels a call: the client sends notifications/cancelled and the connection keeps serving", async () => {
    const { client, wire } = await connectClient(endpoint);
    try {
      const controller = new AbortController();
      const call = client.callTool({ name: "sum", arguments: { values: VALUES } }, undefined, { signal: controller.signal });
      await expect.poll(() => sentCallId(wire, "sum")).toBeDefined();
      controller.abort(new Error("changed my mind"));
      await expect(call).rejects.toThrow(/changed my mind/);
      const id = sentCallId(wire, "sum");
      expect(wire.sent).toContainEqual(expect.objectContaining({ method: "notifications/cancelled", params: expect.objectContaining({ requestId: id }) }));
      expect(await client.callTool({ name: "add", arguments: { a: 1, b: 1 } })).toEqual({ content: [{ type: "text", text: "2" }] });
    } finally {
      await client.close();
    }
  });

  it("answers malformed input with JSON-RPC errors and keeps serving the connection", async () => {
    raw = await endpoint.raw();
    expect(await raw.exchange(JSON.stringify(INITIALIZE), 0)).toMatchObject({ result: { serverInfo: { name: "calculator" } } });
    await raw.send(JSON.stringify(INITIALIZED));
    expect(await raw.exchange("{this is not json", null)).toMatchObject({ error: { code: -32700 } });
    expect(await raw.exchange("[]", null)).toMatchObject({ error: { code: -32600 } });
    expect(await raw.exchange(JSON.stringify({ jsonrpc: "2.0", id: 5, method: 42 }), 5)).toMatchObject({ id: 5, error: { code: -32600 } });
    const call = { jsonrpc: "2.0", id: 6, method: "tools/call", params: { name: "add", arguments: { a: 1, b: 2 } } };
    expect(await raw.exchange(JSON.stringify(call), 6)).toMatchObject({ id: 6, result: { content: [{ type: "text", text: "3" }] } });
  });

  it("outlives a client that disconnects in the middle of a request", async () => {
    const leaving = await connectClient(endpoint);
    const abandoned = leaving.client.callTool({ name: "sum", arguments: { values: VALUES } }).catch(() => undefined);
    await expect.poll(() => sentCallId(leaving.wire, "sum")).toBeDefined();
    await leaving.client.close();
    await abandoned;
    const next = await connectClient(endpoint);
    try {
      expect(await next.client.callTool({ name: "add", arguments: { a: 20, b: 22 } })).toEqual({ content: [{ type: "text", text: "42" }] });
    } finally {
      await next.client.close();
    }
    expect(await main.client.ping()).toEqual({});
    expect(endpoint.stderr()).not.toMatch(/uncaught exception|unhandled promise rejection|message handling failed/);
  });

  it("shuts down cleanly, exit code 0", async () => {
    await main.client.close();
    await raw?.close();
    raw = undefined;
    expect(await endpoint.stop()).toBe(0);
  });
}

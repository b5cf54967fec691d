/**
 * Trace context over a real transport: Streamable HTTP on loopback, with the official
 * SDK v2 client on 2026-07-28 sending `traceparent` in `_meta`, and raw POSTs sending
 * it as an HTTP header (with and without `_meta`, which wins and links to the header's),
 * and the SDK v1 client on a legacy session sending it as a header on every POST.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as StreamableHTTPClientTransportV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SpanKind } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { listenHttp, type HttpListener } from "../../../packages/runtime/src/entries/http.js";
import { createRequestTracer } from "../../../packages/runtime/src/entries/observability.js";
import { MODERN_VERSION, PINNED_MODERN } from "../../helpers/sdk-v2.js";
import { CLIENT_TRACE, CLIENT_TRACEPARENT, HEADER_TRACE, HEADER_TRACEPARENT, isChildOf, tracedRoutes, useTracingSdk } from "./otel-kit.js";

const tracing = useTracingSdk();
const open: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function listen(): Promise<HttpListener> {
  const listener = await listenHttp(tracedRoutes(), { port: 0, tracer: createRequestTracer(), logger: { error: () => {}, warn: () => {} } });
  open.push(() => listener.close());
  return listener;
}

/** One 2026-07-28 tools/call in one POST, with extra headers and `_meta` keys. */
function post(url: string, headers: Record<string, string>, meta: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": MODERN_VERSION,
      "mcp-method": "tools/call",
      "mcp-name": "work",
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: {
        name: "work",
        arguments: {},
        _meta: { "io.modelcontextprotocol/protocolVersion": MODERN_VERSION, "io.modelcontextprotocol/clientCapabilities": {}, ...meta },
      },
    }),
  });
}

describe("tracing over Streamable HTTP", () => {
  it("continues the trace an SDK v2 client sends in _meta, through the handler's own spans", async () => {
    const listener = await listen();
    const client = new Client({ name: "traced-client", version: "1.0.0" }, PINNED_MODERN.options);
    open.push(() => client.close());
    await client.connect(new StreamableHTTPClientTransport(new URL(listener.url)));
    expect(client.getNegotiatedProtocolVersion()).toBe(MODERN_VERSION);

    const result = await client.callTool({ name: "work", arguments: {}, _meta: { traceparent: CLIENT_TRACEPARENT } });
    expect(result.content).toEqual([{ type: "text", text: "done" }]);

    const request = tracing.span("tools/call work");
    expect(request.kind).toBe(SpanKind.SERVER);
    expect(request.parentSpanContext).toMatchObject({ traceId: CLIENT_TRACE.traceId, spanId: CLIENT_TRACE.spanId, isRemote: true });
    expect(request.attributes).toMatchObject({ "mcp.protocol.version": MODERN_VERSION, "gen_ai.tool.name": "work", "turbomcp.outcome": "ok" });
    expect(request.links).toEqual([]);
    const handler = tracing.span("handler work");
    expect(isChildOf(handler, request)).toBe(true);
    expect(isChildOf(tracing.span("app work"), handler)).toBe(true);
  });

  it("continues the trace from the traceparent header when _meta has none", async () => {
    const { url } = await listen();
    const response = await post(url, { traceparent: HEADER_TRACEPARENT });
    expect(response.status).toBe(200);
    await response.text();
    expect(tracing.span("tools/call work").parentSpanContext).toMatchObject({ traceId: HEADER_TRACE.traceId, spanId: HEADER_TRACE.spanId });
  });

  it("prefers _meta over the header, and links the span to the header's context", async () => {
    const { url } = await listen();
    const response = await post(url, { traceparent: HEADER_TRACEPARENT }, { traceparent: CLIENT_TRACEPARENT });
    await response.text();
    const request = tracing.span("tools/call work");
    expect(request.parentSpanContext).toMatchObject({ traceId: CLIENT_TRACE.traceId, spanId: CLIENT_TRACE.spanId });
    expect(request.links.map((link) => [link.context.traceId, link.context.spanId])).toEqual([[HEADER_TRACE.traceId, HEADER_TRACE.spanId]]);
  });

  it("continues the trace from the header on a legacy session (SDK v1 client)", async () => {
    const listener = await listen();
    const client = new ClientV1({ name: "traced-client", version: "1.0.0" });
    open.push(() => client.close());
    const transport = new StreamableHTTPClientTransportV1(new URL(listener.url), { requestInit: { headers: { traceparent: HEADER_TRACEPARENT } } });
    await client.connect(transport);
    const result = await client.callTool({ name: "work", arguments: {} });
    expect(result.content).toEqual([{ type: "text", text: "done" }]);
    const request = tracing.span("tools/call work");
    expect(request.parentSpanContext).toMatchObject({ traceId: HEADER_TRACE.traceId, spanId: HEADER_TRACE.spanId });
    expect(request.attributes["mcp.session.id"]).toBe(transport.sessionId);
    expect(isChildOf(tracing.span("handler work"), request)).toBe(true);
  });
});

/**
 * The Express app around the MCP endpoint: MCP beside user routes, health and
 * metrics handlers, and JSON (never Express's HTML) for 404, 405, 4xx and 500.
 */
import express from "express";
import { describe, expect, it } from "vitest";
import { createMcpApp } from "../../../packages/runtime/src/entries/express.js";
import { type HealthHandlers, type HttpHandler } from "../../../packages/runtime/src/entries/observability.js";
import { json, routes, startApp, statelessCall, toolText } from "./kit.js";

function expectJsonError(response: { status: number; headers: Readonly<Record<string, string>>; body: string }, status: number, code: number): void {
  expect(response.status).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  expect(response.body).not.toMatch(/<html|<pre|at .*\(/i);
  expect(json(response)).toMatchObject({ jsonrpc: "2.0", error: { code, message: expect.any(String) } });
}

describe("createMcpApp", () => {
  it("serves tools/call on the MCP endpoint", async () => {
    const { request } = await startApp();
    const call = statelessCall("add", { a: 2, b: 3 });
    const response = await request({ headers: call.headers, body: call.body });
    expect(response.status).toBe(200);
    expect(toolText(response)).toBe("5");
  });

  it("serves a user route mounted beside MCP", async () => {
    const { request } = await startApp({}, (app) => {
      app.get("/hello", (_req, res) => void res.json({ hello: "world" }));
    });
    const response = await request({ method: "GET", path: "/hello" });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ hello: "world" });
    const call = statelessCall("add", { a: 1, b: 1 });
    expect(toolText(await request({ headers: call.headers, body: call.body }))).toBe("2");
  });

  it("answers unknown paths with a JSON 404", async () => {
    const { request } = await startApp();
    expectJsonError(await request({ method: "GET", path: "/nowhere" }), 404, -32601);
    expectJsonError(await request({ method: "POST", path: "/nowhere", headers: { "content-type": "application/json" }, body: "{}" }), 404, -32601);
  });

  it("answers a wrong method on the MCP endpoint with a JSON 405 and Allow", async () => {
    const { request } = await startApp();
    const response = await request({ method: "PUT", path: "/mcp" });
    expectJsonError(response, 405, -32011);
    expect(response.headers.allow).toBe("GET, POST, DELETE");
  });

  it("answers an error thrown in a user route with a JSON 500 that hides the message", async () => {
    const { request, errors } = await startApp({}, (app) => {
      app.get("/boom", () => {
        throw new Error("db password is hunter2");
      });
    });
    const response = await request({ method: "GET", path: "/boom" });
    expectJsonError(response, 500, -32603);
    expect(response.body).not.toContain("hunter2");
    expect(errors).toEqual(["unhandled error in an HTTP route"]);
  });

  it("answers body-parser's errors on user routes with their status as JSON", async () => {
    const { request } = await startApp({}, (app) => {
      app.post("/echo", express.json({ limit: "1kb" }), (req, res) => void res.json(req.body));
    });
    const bad = await request({ method: "POST", path: "/echo", headers: { "content-type": "application/json" }, body: "{nope" });
    expectJsonError(bad, 400, -32600);
    const big = await request({
      method: "POST",
      path: "/echo",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ x: "y".repeat(2048) }),
    });
    expectJsonError(big, 413, -32007);
  });

  it("mounts health and metrics handlers without authentication", async () => {
    const reply =
      (name: string): HttpHandler =>
      (_req, res) =>
        void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name }));
    const health: HealthHandlers = { live: reply("live"), ready: reply("ready"), details: reply("details") };
    const refuseAll = { authenticate: () => Promise.resolve({ ok: false as const, code: "unauthorized" as const, message: "no" }) };
    const { request } = await startApp({ health, metrics: reply("metrics"), authenticator: refuseAll });
    for (const [path, name] of [
      ["/health/live", "live"],
      ["/health/ready", "ready"],
      ["/health", "details"],
      ["/metrics", "metrics"],
    ] as const) {
      const response = await request({ method: "GET", path });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ name });
    }
    expect((await request({ method: "GET", path: "/mcp" })).status).toBe(401);
  });

  it("keeps serving MCP when mounted inside another Express app, whose 404s stay its own", async () => {
    const outer = express();
    const inner = createMcpApp(routes, { logger: { error: () => {}, warn: () => {} } });
    outer.use("/api", inner);
    const { request } = await startApp({}, (app) => app.use("/outer", outer));
    const call = statelessCall("add", { a: 4, b: 4 });
    try {
      expect(toolText(await request({ path: "/outer/api/mcp", headers: call.headers, body: call.body }))).toBe("8");
      // The outer app's chain goes on past the inner app: here to the top-level JSON 404.
      expectJsonError(await request({ method: "GET", path: "/outer/api/elsewhere" }), 404, -32601);
    } finally {
      inner.mcp.close();
    }
  });

  it("answers a request head over maxHeaderBytes with a JSON 431", async () => {
    const { request } = await startApp({ maxHeaderBytes: 2048 });
    const response = await request({ method: "GET", path: "/mcp", headers: { "x-filler": "a".repeat(4096) } });
    expectJsonError(response, 431, -32600);
  });

  it("refuses bad options at creation", () => {
    expect(() => createMcpApp(routes, { maxHeaderBytes: 10 })).toThrow(/maxHeaderBytes/);
    expect(() => createMcpApp(routes, { path: "mcp" })).toThrow(/path must start/);
  });
});

/**
 * How createMcpApp answers MCP paths ahead of Express (runtime/express/lean-path.ts),
 * pinned for each way the app is reached: served by `app.listen()` (the lean path: the
 * raw request, no router, JSON for what nothing took), handed to `http.createServer(app)`
 * (the app's first middleware), and mounted in an Express 5 app or an Express 4 app
 * (`express4`, express@4 under another name), where what the app does not take goes
 * back to the outer app, errors included.
 */
import { createServer as createHttpServer, get, IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createMcpApp, type McpApp } from "../../../packages/runtime/src/entries/express.js";
import { type HttpRequestCheck } from "../../../packages/runtime/src/entries/http.js";
import { rawRequest, type RawRequest, type RawResponse } from "../../helpers/raw-http.js";
import { json, routes, startApp, statelessCall, toolText } from "./kit.js";

/** What the tests use of an Express 4 app; express4 ships no types of its own. */
interface Express4App {
  (req: IncomingMessage, res: ServerResponse): void;
  use(...handlers: unknown[]): Express4App;
  get(path: string, ...handlers: unknown[]): Express4App;
}
const express4 = createRequire(import.meta.url)("express4") as () => Express4App;

const quiet = { error: () => {}, warn: () => {} };
const servers = new Set<Server>();
const apps = new Set<McpApp>();

afterEach(async () => {
  for (const app of apps) app.mcp.close();
  apps.clear();
  await Promise.all(
    [...servers].map(
      (http) =>
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        }),
    ),
  );
  servers.clear();
});

/**
 * An app whose endpoint records, for each MCP request it admits, whether the request
 * reached it undecorated (a plain `IncomingMessage`, as `node:http` made it) or
 * through Express (whose router swaps the prototype for the app's `request`).
 */
function recordingApp(): { app: McpApp; raw: boolean[] } {
  const raw: boolean[] = [];
  const recordRequest: HttpRequestCheck = (req) => {
    raw.push(Object.getPrototypeOf(req) === IncomingMessage.prototype);
    return undefined;
  };
  const app = createMcpApp(routes, { logger: quiet, httpLimits: recordRequest });
  apps.add(app);
  return { app, raw };
}

type Requester = ((request: RawRequest) => Promise<RawResponse>) & { readonly port: number };

async function serve(listener: RequestListener): Promise<Requester> {
  const http = createHttpServer(listener);
  servers.add(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  const request = async (raw: RawRequest): Promise<RawResponse> => {
    const response = await rawRequest(port, raw);
    if (response === undefined) throw new Error("no response");
    return response;
  };
  return Object.assign(request, { port });
}

function add(path: string, a: number, b: number): RawRequest {
  const call = statelessCall("add", { a, b });
  return { path, headers: call.headers, body: call.body };
}

describe("served by app.listen(): the lean path", () => {
  it("answers MCP on the raw request, before any middleware of the app", async () => {
    const raw: boolean[] = [];
    const seen: string[] = [];
    const recordRequest: HttpRequestCheck = (req) => void raw.push(Object.getPrototypeOf(req) === IncomingMessage.prototype);
    const { request } = await startApp({ httpLimits: recordRequest }, (app) => {
      app.use((req, _res, next) => {
        seen.push(req.path);
        next();
      });
      app.get("/hello", (_req, res) => void res.json({ hello: "world" }));
    });
    expect(toolText(await request(add("/mcp", 2, 3)))).toBe("5");
    expect(raw).toEqual([true]);
    expect(JSON.parse((await request({ method: "GET", path: "/hello" })).body)).toEqual({ hello: "world" });
    expect(seen).toEqual(["/hello"]);
  });

  it("answers what no route took with JSON: a 404 naming the endpoint, an error's own status", async () => {
    const { request } = await startApp({}, (app) => {
      app.get("/teapot", (_req, _res, next) => next(Object.assign(new Error("short and stout"), { status: 418, expose: true })));
      app.get("/boom", () => {
        throw new Error("secret detail");
      });
    });
    const missing = await request({ method: "GET", path: "/nowhere" });
    expect(missing.status).toBe(404);
    expect(json(missing)).toMatchObject({ error: { code: -32601, message: "Not found: the MCP endpoint is /mcp" } });
    expect(missing.headers["x-powered-by"]).toBeUndefined();
    expect(missing.headers["content-security-policy"]).toBeDefined();
    const teapot = await request({ method: "GET", path: "/teapot" });
    expect(teapot.status).toBe(418);
    expect(teapot.headers["content-type"]).toMatch(/^application\/json/);
    const boom = await request({ method: "GET", path: "/boom" });
    expect(boom.status).toBe(500);
    expect(boom.body).not.toContain("secret detail");
  });
});

describe("handed to http.createServer(app)", () => {
  it("still serves MCP, through the app's first middleware", async () => {
    const { app, raw } = recordingApp();
    app.get("/hello", (_req, res) => void res.json({ hello: "world" }));
    const request = await serve(app);
    expect(toolText(await request(add("/mcp", 1, 2)))).toBe("3");
    expect(raw).toEqual([false]);
    expect((await request({ method: "GET", path: "/hello" })).status).toBe(200);
    // Express's own final handler: JSON needs jsonNotFound()/jsonErrorHandler() last, or app.listen().
    expect((await request({ method: "GET", path: "/nowhere" })).status).toBe(404);
  });
});

describe.each([
  ["Express 5", () => express() as unknown as Express4App],
  ["Express 4", () => express4()],
])("mounted in an %s app", (_name, outerApp) => {
  it("serves MCP under the mount path and hands everything else back, errors included", async () => {
    const { app: inner, raw } = recordingApp();
    inner.get("/inner-boom", () => {
      throw new Error("inner failure");
    });
    const outer = outerApp();
    const outerErrors: string[] = [];
    outer.use("/api", inner);
    outer.get("/api/outer-route", (_req: unknown, res: { json(body: unknown): void }) => res.json({ outer: true }));
    outer.use((_req: unknown, res: { status(code: number): { json(body: unknown): void } }) => res.status(404).json({ outer404: true }));
    outer.use((error: Error, _req: unknown, res: { status(code: number): { json(body: unknown): void } }, _next: unknown) => {
      outerErrors.push(error.message);
      res.status(500).json({ outerError: true });
    });
    const request = await serve(outer);
    expect(toolText(await request(add("/api/mcp", 4, 4)))).toBe("8");
    expect(raw).toEqual([false]);
    expect(JSON.parse((await request({ method: "GET", path: "/api/outer-route" })).body)).toEqual({ outer: true });
    const missing = await request({ method: "GET", path: "/api/elsewhere" });
    expect([missing.status, JSON.parse(missing.body)]).toEqual([404, { outer404: true }]);
    const failed = await request({ method: "GET", path: "/api/inner-boom" });
    expect([failed.status, JSON.parse(failed.body)]).toEqual([500, { outerError: true }]);
    expect(outerErrors).toEqual(["inner failure"]);
    // The legacy SSE endpoint announces its POST URL under the mount path.
    expect(await firstChunk(request.port, "/api/sse")).toContain("data: /api/messages?sessionId=");
  });
});

/** The first bytes of a stream (the legacy SSE endpoint's `endpoint` event); the connection is then dropped. */
function firstChunk(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: "127.0.0.1", port, path, headers: { accept: "text/event-stream" } }, (res) => {
      res.once("data", (chunk: Buffer) => {
        resolve(chunk.toString("utf8"));
        req.destroy();
      });
    });
    req.on("error", reject);
  });
}

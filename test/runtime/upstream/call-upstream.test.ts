/**
 * `callUpstream`, the helper the handlers of imported tools call: the request it
 * builds (path, query, header and cookie placement, bodies, auth, base URL) seen by a
 * real HTTP server on loopback, its answers through MCP, non-2xx answers as `isError`
 * results with the status and an excerpt, and the circuit breaker counting 5xx but not 4xx.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callUpstream,
  defineRoutes,
  toolRoute,
  upstreamText,
  type JsonSchema,
  type UpstreamApi,
  type UpstreamOperation,
} from "../../../packages/runtime/src/index.js";
import { buildRequest } from "../../../packages/runtime/src/upstream/request.js";
import { compile } from "../../fixtures/runtime/validators.js";
import { memoryClient } from "../helpers/memory-client.js";

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

let server: Server;
let base = "";
const seen: Seen[] = [];

/** Answers by path: `/status/<n>` with that status, `/text` with plain text, anything else echoes the request as JSON. */
function answer(req: IncomingMessage, res: ServerResponse): void {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk: string) => (body += chunk));
  req.on("end", () => {
    const request = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
    seen.push(request);
    const status = /^\/v1\/status\/(\d+)/.exec(request.url)?.[1];
    if (status !== undefined)
      res.writeHead(Number(status), { "content-type": "application/json" }).end(JSON.stringify({ message: `failed with ${status}`, detail: "x".repeat(500) }));
    else if (request.url.startsWith("/v1/text")) res.writeHead(200, { "content-type": "text/plain" }).end("plain words");
    else if (request.url.startsWith("/v1/empty")) res.writeHead(204).end();
    else
      res
        .writeHead(200, { "content-type": "application/json; charset=utf-8" })
        .end(JSON.stringify({ echoed: { method: request.method, url: request.url, body } }));
  });
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const api = (extra: Partial<UpstreamApi> = {}): UpstreamApi => ({ dependency: "api", baseUrlEnv: "API_BASE_URL", ...extra });

describe("the request an operation builds", () => {
  const operation: UpstreamOperation = {
    api: api({ baseUrl: "https://api.example/v1", auth: { type: "apiKey", in: "query", name: "key", keyEnv: "API_KEY" } }),
    method: "POST",
    path: "/pets/{petId}/photos",
    parameters: {
      petId: { in: "path", name: "petId" },
      query_petId: { in: "query", name: "petId" },
      tags: { in: "query", name: "tag" },
      trace: { in: "header", name: "X-Trace" },
      session: { in: "cookie", name: "session" },
    },
    body: { property: "body", contentType: "application/json" },
  };

  it("places each property where the operation says, under its wire name", () => {
    const { url, init } = buildRequest(
      operation,
      { petId: "a b/c", query_petId: 7, tags: ["x", "y"], trace: "t1", session: "s=1", body: { name: "Rex" } },
      { API_KEY: "k1" },
    );
    expect(url.toString()).toBe("https://api.example/v1/pets/a%20b%2Fc/photos?petId=7&tag=x&tag=y&key=k1");
    expect(init.method).toBe("POST");
    expect(init.headers.get("x-trace")).toBe("t1");
    expect(init.headers.get("cookie")).toBe("session=s%3D1");
    expect(init.headers.get("content-type")).toBe("application/json");
    expect(init.body).toBe('{"name":"Rex"}');
  });

  it("takes the base URL from its environment variable first, and leaves out absent optional values", () => {
    const { url, init } = buildRequest(operation, { petId: 1 }, { API_BASE_URL: "http://127.0.0.1:9/base/", API_KEY: "k" });
    expect(url.toString()).toBe("http://127.0.0.1:9/base/pets/1/photos?key=k");
    expect(init.body).toBeUndefined();
    expect(init.headers.has("cookie")).toBe(false);
  });

  it("sends form bodies as form fields", () => {
    const form = buildRequest(
      { ...operation, body: { property: "body", contentType: "application/x-www-form-urlencoded" } },
      { petId: 1, body: { name: "Rex", age: 3 } },
      { API_KEY: "k" },
    );
    expect(form.init.body).toBeInstanceOf(URLSearchParams);
    expect((form.init.body as URLSearchParams).toString()).toBe("name=Rex&age=3");
    const multipart = buildRequest(
      { ...operation, body: { property: "body", contentType: "multipart/form-data" } },
      { petId: 1, body: { name: "Rex" } },
      { API_KEY: "k" },
    );
    expect(multipart.init.body).toBeInstanceOf(FormData);
    // fetch writes the multipart content type with its boundary.
    expect(multipart.init.headers.has("content-type")).toBe(false);
  });

  it("says which environment variable is missing", () => {
    expect(() => buildRequest({ ...operation, api: api() }, { petId: 1 }, {})).toThrow("set the environment variable API_BASE_URL");
    expect(() => buildRequest(operation, { petId: 1 }, {})).toThrow("set the environment variable API_KEY");
    expect(() => buildRequest({ ...operation, api: api({ baseUrl: "not a url" }) }, { petId: 1 }, {})).toThrow("is not an absolute URL");
  });
});

describe("callUpstream through MCP", () => {
  const input: JsonSchema = { type: "object", properties: { id: { type: "string" }, status: { type: "integer" } }, additionalProperties: false };
  const env = (): Record<string, string> => ({ API_BASE_URL: base, API_TOKEN: "secret-token" });
  const operation = (path: string): UpstreamOperation => ({
    api: api({ auth: { type: "bearer", tokenEnv: "API_TOKEN" } }),
    method: "GET",
    path,
    parameters: { id: { in: "path", name: "id" }, status: { in: "path", name: "status" } },
  });
  const tool = (name: string, path: string) =>
    toolRoute<{ id?: string; status?: number }, string>({
      definition: { name, inputSchema: input },
      validateInput: compile(input),
      handler: async (args, ctx) => upstreamText(await callUpstream(operation(path), args, ctx, { env: env() })),
      policy: { scopes: [] },
    });
  const routes = defineRoutes({
    server: { name: "upstream", version: "1.0.0" },
    tools: [tool("echo", "/things/{id}"), tool("fail", "/status/{status}"), tool("text", "/text"), tool("empty", "/empty")],
    dependencies: { api: { minimumRequests: 2, failureRate: 0.5, openMs: 60_000 } },
  });

  it("returns the upstream's JSON answer, having sent the bearer token", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    const reply = await client.request("tools/call", { name: "echo", arguments: { id: "42" } });
    expect(reply.result?.isError).not.toBe(true);
    const text = (reply.result?.content as { text: string }[])[0]?.text ?? "";
    expect(JSON.parse(text)).toEqual({ echoed: { method: "GET", url: "/v1/things/42", body: "" } });
    expect(seen.at(-1)?.headers.authorization).toBe("Bearer secret-token");
    const plain = await client.request("tools/call", { name: "text", arguments: {} });
    expect(plain.result?.content).toEqual([{ type: "text", text: "plain words" }]);
    const empty = await client.request("tools/call", { name: "empty", arguments: {} });
    expect(empty.result?.content).toEqual([{ type: "text", text: "(no content)" }]);
  });

  it("maps a non-2xx answer to an isError result with the status and an excerpt; 4xx leave the breaker closed, 5xx open it", async () => {
    const client = memoryClient(routes);
    await client.initialize();
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = await client.request("tools/call", { name: "fail", arguments: { status: 404 } });
      expect(reply.result?.isError).toBe(true);
      const text = (reply.result?.content as { text: string }[])[0]?.text ?? "";
      expect(text).toMatch(/^GET \/status\/\{status\} answered 404 Not Found: \{"message":"failed with 404","detail":"x+…$/);
      expect(text.length).toBeLessThan(400);
    }
    // Three 404s and two 503s: were the 404s failures, 5 of 5 would have opened the breaker; 2 of 5 leave it closed.
    for (let attempt = 0; attempt < 2; attempt++) await client.request("tools/call", { name: "fail", arguments: { status: 503 } });
    const through = await client.request("tools/call", { name: "echo", arguments: { id: "1" } });
    expect(through.result?.isError).not.toBe(true);
    // Three more 503s: 5 of 9 failed, over the failure rate; the next call never reaches the upstream.
    for (let attempt = 0; attempt < 3; attempt++) await client.request("tools/call", { name: "fail", arguments: { status: 503 } });
    const before = seen.length;
    const refused = await client.request("tools/call", { name: "echo", arguments: { id: "1" } });
    expect(refused.result?.isError).toBe(true);
    expect((refused.result?.content as { text: string }[])[0]?.text).toContain('Dependency "api" is unavailable');
    expect(seen.length).toBe(before);
  });
});

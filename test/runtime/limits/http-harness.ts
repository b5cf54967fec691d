/**
 * The endpoint limits on real loopback HTTP: a node:http server that checks
 * `createHttpLimits` first (as the lean MCP path does) and then answers, or hands the
 * request to the real Streamable HTTP handler. The test caller comes from headers.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { sendHttpLimitRefusal, type HttpLimits } from "@turbomcp/runtime/http";
import type { Caller } from "../../../packages/runtime/src/protocol/caller.js";

export interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

const servers = new Set<Server>();
afterEach(async () => {
  await Promise.all([...servers].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  servers.clear();
});

/** Who the test says is calling: `x-test-principal` and `x-test-tenant`. */
export function testCaller(req: IncomingMessage): Caller {
  const subject = req.headers["x-test-principal"];
  const tenant = req.headers["x-test-tenant"];
  return {
    ...(typeof subject === "string" && { principal: { subject, scopes: [], scheme: "test", claims: {} } }),
    ...(typeof tenant === "string" && { tenant: { id: tenant, policy: {} } }),
  };
}

/** Serves `limits` on 127.0.0.1:0; requests that pass get `next` (default: 200 `{"ok":true}`). */
export async function serve(limits: HttpLimits, next?: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = createServer((req, res) => {
    limits(req, testCaller(req), res).then(
      (refusal) => {
        if (refusal !== undefined) return sendHttpLimitRefusal(res, refusal);
        if (next !== undefined) return next(req, res);
        req.resume();
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      },
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  servers.add(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

export interface Call {
  readonly from?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** One POST to `port` on loopback, optionally from another loopback address (`from`, e.g. 127.0.0.2). */
export function call(port: number, { from, headers = {}, body = "{}" }: Call = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/mcp",
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        agent: false,
        ...(from !== undefined && { localAddress: from }),
        timeout: 10_000,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

/** `count` calls one after another; their statuses. */
export async function statuses(port: number, count: number, options: Call = {}): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await call(port, options)).status);
  return result;
}

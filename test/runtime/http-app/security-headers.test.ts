/**
 * The security headers are helmet's, computed once: every response (MCP answers
 * and errors, Express routes, 404s) carries exactly what helmet's own middleware
 * sets for the same options, compared with helmet running per request.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import helmet from "helmet";
import { afterEach, describe, expect, it } from "vitest";
import { computeSecurityHeaders, type SecurityHeadersOptions } from "../../../packages/runtime/src/entries/http.js";
import { securityHelmetOptions } from "../../../packages/runtime/src/entries/express.js";
import { rawRequest } from "../../helpers/raw-http.js";
import { startApp, statelessCall } from "./kit.js";

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** What helmet's middleware itself sets on a response, for these options. */
async function helmetReference(options: SecurityHeadersOptions): Promise<Record<string, string>> {
  const app = express();
  app.disable("x-powered-by");
  app.use(helmet(securityHelmetOptions(options)));
  app.get("/", (_req, res) => void res.status(204).end());
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  servers.push(server);
  const response = await rawRequest((server.address() as AddressInfo).port, { method: "GET", path: "/" });
  const { connection: _connection, date: _date, ...headers } = response!.headers;
  return headers;
}

/** The response's headers among those helmet manages (names it set in the reference). */
function pick(headers: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((name) => [name, headers[name]]));
}

const CASES: readonly { name: string; options: SecurityHeadersOptions }[] = [
  { name: "defaults", options: {} },
  { name: "HSTS on", options: { hsts: true } },
  { name: "HSTS with preload and a short max-age", options: { hsts: { maxAge: 600, preload: true, includeSubDomains: false } } },
  { name: "helmet overrides", options: { helmet: { referrerPolicy: { policy: "same-origin" }, crossOriginResourcePolicy: { policy: "cross-origin" } } } },
];

describe("security headers", () => {
  it.each(CASES)("equal helmet's middleware output: $name", async ({ options }) => {
    const reference = await helmetReference(options);
    expect(computeSecurityHeaders(securityHelmetOptions(options))).toEqual(reference);
    const names = Object.keys(reference);
    const { request } = await startApp({ securityHeaders: options }, (app) => app.get("/user", (_req, res) => void res.json({})));
    const call = statelessCall("add", { a: 1, b: 2 });
    const answers = [
      await request({ headers: call.headers, body: call.body }),
      await request({ headers: { ...call.headers, origin: "https://evil.example" }, body: call.body }),
      await request({ method: "GET", path: "/user" }),
      await request({ method: "GET", path: "/nowhere" }),
      await request({ method: "PUT", path: "/mcp" }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 403, 200, 404, 405]);
    for (const answer of answers) expect(pick(answer.headers, names)).toEqual(reference);
  });

  it("suit a JSON API: CSP default-src 'none', no framing, no sniffing, no referrer, no HSTS on plain HTTP", () => {
    const headers = computeSecurityHeaders(securityHelmetOptions());
    expect(headers).toMatchObject({
      "content-security-policy": "default-src 'none';frame-ancestors 'none'",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cross-origin-resource-policy": "same-origin",
    });
    expect(headers).not.toHaveProperty("strict-transport-security");
    expect(computeSecurityHeaders(securityHelmetOptions({ hsts: true }))["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("never say X-Powered-By", async () => {
    const { request } = await startApp({}, (app) => app.get("/user", (_req, res) => void res.json({})));
    expect((await request({ method: "GET", path: "/user" })).headers).not.toHaveProperty("x-powered-by");
  });

  it("can be left to a proxy", async () => {
    const { request } = await startApp({ securityHeaders: false });
    const call = statelessCall("add", { a: 1, b: 2 });
    const response = await request({ headers: call.headers, body: call.body });
    expect(response.status).toBe(200);
    expect(response.headers).not.toHaveProperty("content-security-policy");
  });

  it("refuse per-request values and options helmet refuses, at start-up", () => {
    const nonce = () => "'nonce-abc'";
    expect(() => computeSecurityHeaders(securityHelmetOptions({ helmet: { contentSecurityPolicy: { directives: { "script-src": [nonce] } } } }))).toThrow(
      /computed once/,
    );
    expect(() => computeSecurityHeaders(securityHelmetOptions({ helmet: { contentSecurityPolicy: { directives: { "default-src": ["self"] } } } }))).toThrow(
      /should be quoted/,
    );
    expect(() => securityHelmetOptions({ hsts: { maxAge: -1 } })).toThrow(/maxAge/);
  });
});

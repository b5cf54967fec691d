/**
 * Admission over real HTTP: a client guessing API keys (or tenants) is slowed down by
 * the per-IP limit like any other client, and every refusal leaves an audit line
 * (read back from a real file) without the credential it tried.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAuditLog, type AuditLog } from "@turbomcp/runtime/observability";
import { createHttpLimits, type HttpLimits } from "@turbomcp/runtime/http";
import { createTenantResolver } from "@turbomcp/runtime/tenancy";
import { INITIALIZE, ISSUER_A, apiKey, bearer, listen, post } from "./kit.js";

let dir: string;
let audit: AuditLog;
let file: string;
let limits: HttpLimits | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "turbomcp-admission-"));
  file = path.join(dir, "audit.log");
  audit = createAuditLog({ destination: { file } });
});
afterEach(async () => {
  await audit.close();
  await limits?.close();
  limits = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function auditLines(): Promise<Record<string, unknown>[]> {
  await audit.flush();
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("failed authentication", () => {
  it("counts against the per-IP limit: 60 bad keys in a row from one address end in 429, and each leaves an audit line", async () => {
    limits = createHttpLimits({ perIp: { limit: 50, windowMs: 60_000 } });
    const { url } = await listen({ httpLimits: limits, observers: [audit] });
    const guess = "wrong-key-0123456789";
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 60; attempt++) statuses.push((await post(url, INITIALIZE, { "x-api-key": `${guess}-${attempt}` })).status);
    expect(statuses.slice(0, 50)).toEqual(Array<number>(50).fill(401));
    expect(statuses.slice(50)).toEqual(Array<number>(10).fill(429));
    // The address is over its limit whatever it sends now, a genuine key included.
    const genuine = await post(url, INITIALIZE, apiKey("alice"));
    expect(genuine.status).toBe(429);
    expect(genuine.headers.get("retry-after")).toMatch(/^\d+$/);

    const lines = await auditLines();
    expect(lines).toHaveLength(61);
    expect(lines.every((line) => line.msg === "mcp request refused" && line.level === "warn")).toBe(true);
    expect(lines.slice(0, 50).every((line) => line.refused === "authentication" && line.errorCode === -32001)).toBe(true);
    expect(lines.slice(50).every((line) => line.refused === "rate_limit" && line.errorCode === -32004)).toBe(true);
    expect(lines.every((line) => typeof line.remoteAddress === "string" && line.remoteAddress.endsWith("127.0.0.1"))).toBe(true);
    expect(readFileSync(file, "utf8")).not.toContain(guess);
  });
});

describe("tenant refusals", () => {
  it("are audited with who was authenticated, issuer included, and count against the per-IP limit", async () => {
    limits = createHttpLimits({ perIp: { limit: 2, windowMs: 60_000 } });
    const tenancy = createTenantResolver({ sources: [{ type: "header", name: "x-tenant-id" }], required: true, defaults: {}, tenants: {} });
    const { url } = await listen({ httpLimits: limits, observers: [audit], tenancy });
    const alice = await bearer(ISSUER_A);
    expect((await post(url, INITIALIZE, alice)).status).toBe(400);
    expect((await post(url, INITIALIZE, { ...alice, "x-tenant-id": "a/b" })).status).toBe(400);
    expect((await post(url, INITIALIZE, { ...alice, "x-tenant-id": "acme" })).status).toBe(429);
    const lines = await auditLines();
    expect(lines.map((line) => line.refused)).toEqual(["tenant", "tenant", "rate_limit"]);
    expect(lines[0]).toMatchObject({ errorCode: -32600, principal: "alice", scheme: "jwt", issuer: ISSUER_A });
  });
});

/**
 * The manifest's own tenant directory and the JSON-file directory: a bad file stops
 * start-up naming the file, an edit is seen within `checkIntervalMs`, a broken edit
 * is reported and the last good policies stay in force.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFileTenantDirectory, manifestTenantDirectory, type TenantDirectory } from "@turbomcp/runtime/tenancy";
import { type TenancyPolicy, type TenantPolicy } from "@turbomcp/runtime";

const tenancy = (tenants: TenancyPolicy["tenants"]): TenancyPolicy => ({
  sources: [{ type: "header", name: "x-tenant-id" }],
  required: true,
  defaults: {},
  tenants,
});

describe("manifestTenantDirectory", () => {
  it("answers each tenant's own policy synchronously, the same frozen object every time, nothing for others", async () => {
    const directory = manifestTenantDirectory(tenancy({ acme: { deniedTools: ["drop_table"], rateLimit: { limit: 5, windowMs: 1000 } } }));
    const policy = directory.policyOf("acme");
    expect(policy).toEqual({ deniedTools: ["drop_table"], rateLimit: { limit: 5, windowMs: 1000 } });
    expect(directory.policyOf("acme")).toBe(policy);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen((policy as { deniedTools: string[] }).deniedTools)).toBe(true);
    expect(directory.policyOf("globex")).toBeUndefined();
    await expect(directory.ready()).resolves.toBeUndefined();
    await expect(directory.close()).resolves.toBeUndefined();
  });
});

describe("createFileTenantDirectory", () => {
  let dir: string;
  let file: string;
  const directories: TenantDirectory[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "turbomcp-tenants-"));
    file = path.join(dir, "tenants.json");
  });
  afterEach(async () => {
    for (const directory of directories.splice(0)) await directory.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const logger = () => ({ error: vi.fn(), warn: vi.fn() });
  function open(options: Partial<Parameters<typeof createFileTenantDirectory>[0]> = {}): TenantDirectory {
    const directory = createFileTenantDirectory({ path: file, checkIntervalMs: 20, logger: logger(), ...options });
    directories.push(directory);
    return directory;
  }
  /** The file directory answers from memory: never a promise without an asynchronous fallback. */
  function policyOf(directory: TenantDirectory, id: string): TenantPolicy | undefined {
    const policy = directory.policyOf(id);
    if (policy instanceof Promise) throw new Error("the file directory answered with a promise");
    return policy;
  }
  /** Polls until `check` holds; the test's timeout bounds the wait. */
  async function eventually(check: () => boolean): Promise<void> {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it.each([
    ["a missing file", undefined, /cannot be read \(ENOENT\)/],
    ["text that is not JSON", "{ acme: ", /is not valid JSON/],
    ["an array", "[]", /must hold an object of tenant id → policy/],
    ["a key that is no tenant id", JSON.stringify({ "acme eu": {} }), /"acme eu" is not a tenant id/],
    ["a policy with an unknown field", JSON.stringify({ acme: { maxConcurrent: 3 } }), /"acme" has an unknown field "maxConcurrent"/],
  ])("refuses %s at start-up with a TypeError naming the file", (_name, text, message) => {
    if (text !== undefined) writeFileSync(file, text);
    expect(() => open()).toThrow(TypeError);
    expect(() => open()).toThrow(message);
    expect(() => open()).toThrow(file);
  });

  it("serves the file's policies and asks the fallback for tenants it does not hold", async () => {
    writeFileSync(file, JSON.stringify({ acme: { allowedTools: ["search"] } }));
    const fallback = manifestTenantDirectory(tenancy({ globex: { deniedTools: ["x"] }, acme: { deniedTools: ["never-seen"] } }));
    const directory = open({ fallback });
    await directory.ready();
    expect(directory.policyOf("acme")).toEqual({ allowedTools: ["search"] });
    expect(directory.policyOf("globex")).toEqual({ deniedTools: ["x"] });
    expect(directory.policyOf("initech")).toBeUndefined();
  });

  it("sees an edit within checkIntervalMs, without a restart", async () => {
    writeFileSync(file, JSON.stringify({ acme: { maxConcurrentRequests: 1 } }));
    const log = logger();
    const directory = open({ logger: log });
    writeFileSync(file, JSON.stringify({ acme: { maxConcurrentRequests: 5 }, globex: { deniedTools: ["x"] } }));
    await eventually(() => policyOf(directory, "acme")?.maxConcurrentRequests === 5);
    expect(directory.policyOf("globex")).toEqual({ deniedTools: ["x"] });
    expect(log.warn).toHaveBeenCalledWith(`tenant directory ${file} reloaded: 2 tenants`);
  });

  it("keeps the last good policies when an edit breaks the file, says so, and takes the next good edit", async () => {
    writeFileSync(file, JSON.stringify({ acme: { deniedTools: ["drop_table"] } }));
    const log = logger();
    const directory = open({ logger: log });
    writeFileSync(file, JSON.stringify({ acme: { deniedTools: "drop_table" } }));
    await eventually(() => log.error.mock.calls.length > 0);
    expect(log.error.mock.calls[0]![0]).toBe(`tenant directory ${file} could not be reloaded; the previous policies stay in force`);
    expect(directory.policyOf("acme")).toEqual({ deniedTools: ["drop_table"] });
    writeFileSync(file, "{ not json");
    await eventually(() => log.error.mock.calls.length > 1);
    expect(directory.policyOf("acme")).toEqual({ deniedTools: ["drop_table"] });
    writeFileSync(file, JSON.stringify({ acme: { deniedTools: ["search", "drop_table"] } }));
    await eventually(() => policyOf(directory, "acme")?.deniedTools?.length === 2);
  });

  it("stops looking at the file once closed", async () => {
    writeFileSync(file, JSON.stringify({ acme: { maxConcurrentRequests: 1 } }));
    const directory = open();
    await directory.close();
    writeFileSync(file, JSON.stringify({ acme: { maxConcurrentRequests: 9 } }));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(directory.policyOf("acme")).toEqual({ maxConcurrentRequests: 1 });
  });
});

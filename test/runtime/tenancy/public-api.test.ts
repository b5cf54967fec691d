/**
 * Regression: the tenancy building blocks were documented (JSDoc examples, the
 * `tenantGate` and `tenancy` options of createServer and the MCP endpoint) as imports
 * from the runtime, but no entry point exported them, so those examples did not
 * compile and a hand-assembled server could not enforce tenant limits.
 */
import { describe, expect, it } from "vitest";
import * as core from "@turbomcp/runtime";
import * as redis from "@turbomcp/runtime/redis";
import * as tenancy from "@turbomcp/runtime/tenancy";

const entries = { "@turbomcp/runtime": core, "@turbomcp/runtime/tenancy": tenancy, "@turbomcp/runtime/redis": redis } as const;

describe("the runtime's entries export the tenancy building blocks its docs name", () => {
  it.each([
    ["@turbomcp/runtime/tenancy", "createTenantResolver"],
    ["@turbomcp/runtime/tenancy", "manifestTenantDirectory"],
    ["@turbomcp/runtime/tenancy", "createFileTenantDirectory"],
    ["@turbomcp/runtime/redis", "createRedisTenantDirectory"],
    ["@turbomcp/runtime/tenancy", "createTenantGate"],
    ["@turbomcp/runtime", "createMemoryConcurrencyStore"],
    ["@turbomcp/runtime/redis", "createRedisConcurrencyStore"],
  ] as const)("%s exports %s", (entry, name) => {
    expect(typeof (entries[entry] as Record<string, unknown>)[name]).toBe("function");
  });
});

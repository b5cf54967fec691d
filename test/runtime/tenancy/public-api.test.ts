/**
 * Regression: the tenancy building blocks were documented (JSDoc examples, the
 * `tenantGate` and `tenancy` options of createServer and the MCP endpoint) as imports
 * from `@turbomcp/runtime`, but the entry point did not export them, so those examples
 * did not compile and a hand-assembled server could not enforce tenant limits.
 */
import { describe, expect, it } from "vitest";
import * as runtime from "@turbomcp/runtime";

describe("@turbomcp/runtime exports the tenancy building blocks its docs name", () => {
  it.each([
    "createTenantResolver",
    "manifestTenantDirectory",
    "createFileTenantDirectory",
    "createRedisTenantDirectory",
    "createTenantGate",
    "createMemoryConcurrencyStore",
    "createRedisConcurrencyStore",
  ])("%s", (name) => {
    expect(typeof (runtime as Record<string, unknown>)[name]).toBe("function");
  });
});

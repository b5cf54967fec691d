/** Policies that arrive at run time (a directory file, a Redis hash) are checked as the manifest schema checks its own. */
import { describe, expect, it } from "vitest";
import { parseTenantPolicy } from "../../../packages/runtime/src/tenancy/parse-policy.js";

const WHERE = 'tenant directory tenants.json: "acme"';

describe("parseTenantPolicy", () => {
  it.each([
    ["an array", [], /must be an object/],
    ["null", null, /must be an object/],
    ["a string", "{}", /must be an object/],
    ["an unknown field (a typo must never mean no limits)", { deniedTool: ["x"] }, /unknown field "deniedTool"/],
    ["a list that is a string", { allowedTools: "search" }, /\.allowedTools must be a list of names/],
    ["a list with a number", { deniedPrompts: ["a", 1] }, /\.deniedPrompts must be a list of names/],
    ["a list with a bad name", { allowedResources: ["notes/1"] }, /\.allowedResources must be a list of names/],
    ["a list with an empty name", { deniedResources: [""] }, /\.deniedResources must be a list of names/],
    ["a rateLimit without windowMs", { rateLimit: { limit: 5 } }, /\.rateLimit must be \{ "limit": n, "windowMs": n \}/],
    ["a rateLimit with an extra field", { rateLimit: { limit: 5, windowMs: 1000, burst: 2 } }, /\.rateLimit must be/],
    ["a rateLimit of zero", { rateLimit: { limit: 0, windowMs: 1000 } }, /\.rateLimit must be/],
    ["a fractional window", { rateLimit: { limit: 1, windowMs: 0.5 } }, /\.rateLimit must be/],
    ["maxConcurrentRequests 0", { maxConcurrentRequests: 0 }, /\.maxConcurrentRequests must be a positive whole number/],
    ["maxConcurrentRequests 1.5", { maxConcurrentRequests: 1.5 }, /\.maxConcurrentRequests must be/],
    ["maxConcurrentRequests as a string", { maxConcurrentRequests: "3" }, /\.maxConcurrentRequests must be/],
  ])("refuses %s with a TypeError naming the place", (_name, value, message) => {
    expect(() => parseTenantPolicy(value, WHERE)).toThrow(TypeError);
    expect(() => parseTenantPolicy(value, WHERE)).toThrow(message);
    expect(() => parseTenantPolicy(value, WHERE)).toThrow(WHERE);
  });

  it("keeps every field, drops repeated names, and freezes the result and its lists", () => {
    const policy = parseTenantPolicy(
      { allowedTools: ["search", "search", "read"], deniedPrompts: [], rateLimit: { limit: 5, windowMs: 1000 }, maxConcurrentRequests: 2 },
      WHERE,
    );
    expect(policy).toEqual({ allowedTools: ["search", "read"], deniedPrompts: [], rateLimit: { limit: 5, windowMs: 1000 }, maxConcurrentRequests: 2 });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.allowedTools)).toBe(true);
    expect(Object.isFrozen(policy.rateLimit)).toBe(true);
  });

  it("accepts an empty policy: the tenant has no restrictions of its own", () => {
    expect(parseTenantPolicy({}, WHERE)).toEqual({});
  });
});

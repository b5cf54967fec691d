/**
 * A tenant policy's allow and deny lists, compiled: what each kind admits, and the
 * key the list cache files a tenant's filtered lists under (the same for equal lists,
 * different for different ones, "" for a policy that hides nothing).
 */
import { describe, expect, it } from "vitest";
import type { TenantPolicy } from "@turbomcp/runtime";
import { tenantRules, type EntryKind } from "../../../packages/runtime/src/routing/tenant-rules.js";

const KINDS: readonly [EntryKind, "Tools" | "Resources" | "Prompts"][] = [
  ["tool", "Tools"],
  ["resource", "Resources"],
  ["prompt", "Prompts"],
];

describe("allows", () => {
  it.each(KINDS)("admits only the allowed %s entries, and touches no other kind", (kind, field) => {
    const rules = tenantRules({ [`allowed${field}`]: ["search"] });
    expect(rules.allows(kind, "search")).toBe(true);
    expect(rules.allows(kind, "drop_table")).toBe(false);
    for (const [other] of KINDS.filter(([each]) => each !== kind)) expect(rules.allows(other, "drop_table")).toBe(true);
    expect(rules.restricts).toBe(true);
  });

  it.each(KINDS)("refuses the denied %s entries and admits the rest", (kind, field) => {
    const rules = tenantRules({ [`denied${field}`]: ["drop_table"] });
    expect(rules.allows(kind, "drop_table")).toBe(false);
    expect(rules.allows(kind, "search")).toBe(true);
  });

  it("lets a denial win over an allowance of the same name", () => {
    const rules = tenantRules({ allowedTools: ["search", "drop_table"], deniedTools: ["drop_table"] });
    expect(rules.allows("tool", "search")).toBe(true);
    expect(rules.allows("tool", "drop_table")).toBe(false);
  });

  it("admits nothing of a kind whose allow list is empty", () => {
    const rules = tenantRules({ allowedPrompts: [] });
    expect(rules.allows("prompt", "greet")).toBe(false);
    expect(rules.allows("tool", "greet")).toBe(true);
  });

  it('restricts nothing with empty deny lists or limits only: key ""', () => {
    for (const policy of [
      {},
      { deniedTools: [] },
      { deniedResources: [], deniedPrompts: [] },
      { rateLimit: { limit: 1, windowMs: 1000 }, maxConcurrentRequests: 2 },
    ] as TenantPolicy[]) {
      const rules = tenantRules(policy);
      expect(rules.restricts).toBe(false);
      expect(rules.key).toBe("");
      expect(rules.allows("tool", "anything")).toBe(true);
    }
  });
});

describe("key", () => {
  it("is the same for equal lists, whatever their order, and for separately made policy objects", () => {
    const one = tenantRules({ allowedTools: ["a", "b"], deniedPrompts: ["p"] });
    const two = tenantRules({ deniedPrompts: ["p"], allowedTools: ["b", "a"], rateLimit: { limit: 5, windowMs: 1000 } });
    expect(one.key).not.toBe("");
    expect(one.key).toBe(two.key);
    // An empty deny list beside an allow list restricts as much as no deny list.
    expect(tenantRules({ allowedTools: ["a"], deniedTools: [] }).key).toBe(tenantRules({ allowedTools: ["a"] }).key);
  });

  it("differs whenever what the lists admit differs", () => {
    const policies: TenantPolicy[] = [
      { allowedTools: ["a"] },
      { allowedTools: ["a", "b"] },
      { allowedTools: [] },
      { deniedTools: ["a"] },
      { allowedResources: ["a"] },
      { allowedPrompts: ["a"] },
      { deniedPrompts: ["a"] },
      { allowedTools: ["a"], deniedTools: ["b"] },
      { allowedTools: ["a"], deniedResources: ["a"] },
      // Names that would run together if the lists were joined without structure.
      { allowedTools: ["a,b"] },
      { allowedTools: ["ab"] },
    ];
    const keys = policies.map((policy) => tenantRules(policy).key);
    expect(new Set(keys).size).toBe(policies.length);
    expect(keys).not.toContain("");
  });

  it("is compiled once per policy object", () => {
    const policy: TenantPolicy = Object.freeze({ deniedTools: ["x"] });
    expect(tenantRules(policy)).toBe(tenantRules(policy));
  });
});

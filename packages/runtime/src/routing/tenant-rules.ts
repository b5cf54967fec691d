/**
 * A tenant policy's allow and deny lists, compiled once per policy object into sets,
 * so checking a call or filtering a list is a lookup on the hot path. Policies come
 * frozen from the routing table or the tenant directory, which hands out the same
 * object until the policy changes: the WeakMap then finds the compiled rules.
 */
import { createHash } from "node:crypto";
import type { TenantPolicy } from "../config/policies.js";

/** What a tenant policy can admit or hide: tools, resources (fixed and templated, by name), prompts. */
export type EntryKind = "tool" | "resource" | "prompt";

export interface TenantRules {
  /** Whether the tenant may list and use the entry named `name`. */
  allows(kind: EntryKind, name: string): boolean;
  /** False when the policy names no entries at all: lists need no filtering for it. */
  readonly restricts: boolean;
  /** The same for every policy with the same lists, "" when it restricts nothing: part of a list-cache key. */
  readonly key: string;
}

const FIELDS = {
  tool: ["allowedTools", "deniedTools"],
  resource: ["allowedResources", "deniedResources"],
  prompt: ["allowedPrompts", "deniedPrompts"],
} as const satisfies Record<EntryKind, readonly [keyof TenantPolicy, keyof TenantPolicy]>;

interface KindRules {
  readonly allowed: ReadonlySet<string> | undefined;
  readonly denied: ReadonlySet<string> | undefined;
}

const UNRESTRICTED: TenantRules = Object.freeze({ allows: () => true, restricts: false, key: "" });

const compiled = new WeakMap<TenantPolicy, TenantRules>();

function setOf(names: readonly string[] | undefined): ReadonlySet<string> | undefined {
  return names === undefined ? undefined : new Set(names);
}

function compile(policy: TenantPolicy): TenantRules {
  const kinds = new Map<EntryKind, KindRules>();
  const named: unknown[] = [];
  for (const [kind, [allowField, denyField]] of Object.entries(FIELDS) as [EntryKind, readonly [keyof TenantPolicy, keyof TenantPolicy]][]) {
    const allowed = policy[allowField] as readonly string[] | undefined;
    const denied = policy[denyField] as readonly string[] | undefined;
    if (allowed === undefined && (denied === undefined || denied.length === 0)) continue;
    kinds.set(kind, { allowed: setOf(allowed), denied: setOf(denied) });
    named.push(kind, allowed === undefined ? null : [...allowed].sort(), denied === undefined ? [] : [...denied].sort());
  }
  if (kinds.size === 0) return UNRESTRICTED;
  return Object.freeze({
    restricts: true,
    key: createHash("sha256").update(JSON.stringify(named)).digest("base64url").slice(0, 22),
    allows(kind: EntryKind, name: string): boolean {
      const rules = kinds.get(kind);
      if (rules === undefined) return true;
      if (rules.denied?.has(name) === true) return false;
      return rules.allowed === undefined || rules.allowed.has(name);
    },
  });
}

/** The compiled rules of `policy`, made on first use. */
export function tenantRules(policy: TenantPolicy): TenantRules {
  let rules = compiled.get(policy);
  if (rules === undefined) compiled.set(policy, (rules = compile(policy)));
  return rules;
}

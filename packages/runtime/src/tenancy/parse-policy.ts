/**
 * Reads a tenant policy that arrives at run time (a directory file, a Redis hash), with
 * the rules the manifest schema states for `tenants.policies`. The manifest's own
 * policies were checked by `turbomcp generate`; these were not, and a typo in one
 * must be an error that names the place, never a policy silently taken as "no limits".
 */
import type { RateLimitPolicy, TenantPolicy } from "../config/policies.js";

const LIST_FIELDS = ["allowedTools", "deniedTools", "allowedResources", "deniedResources", "allowedPrompts", "deniedPrompts"] as const;
const FIELDS = new Set<string>([...LIST_FIELDS, "rateLimit", "maxConcurrentRequests"]);
const NAME = /^[A-Za-z0-9_.-]{1,128}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function positiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}

function rateLimitOf(value: unknown, where: string): RateLimitPolicy {
  if (!isRecord(value) || !positiveInteger(value.limit) || !positiveInteger(value.windowMs) || Object.keys(value).length !== 2) {
    throw new TypeError(`${where}.rateLimit must be { "limit": n, "windowMs": n } with positive whole numbers`);
  }
  return Object.freeze({ limit: value.limit, windowMs: value.windowMs });
}

/** A frozen policy, or a TypeError naming `where` and the field at fault. */
export function parseTenantPolicy(value: unknown, where: string): TenantPolicy {
  if (!isRecord(value)) throw new TypeError(`${where} must be an object`);
  const policy: { -readonly [K in keyof TenantPolicy]: TenantPolicy[K] } = {};
  for (const key of Object.keys(value)) if (!FIELDS.has(key)) throw new TypeError(`${where} has an unknown field "${key}"`);
  for (const field of LIST_FIELDS) {
    const names = value[field];
    if (names === undefined) continue;
    if (!Array.isArray(names) || !names.every((name) => typeof name === "string" && NAME.test(name)))
      throw new TypeError(`${where}.${field} must be a list of names`);
    policy[field] = Object.freeze([...new Set(names as string[])]);
  }
  if (value.rateLimit !== undefined) policy.rateLimit = rateLimitOf(value.rateLimit, where);
  if (value.maxConcurrentRequests !== undefined) {
    if (!positiveInteger(value.maxConcurrentRequests)) throw new TypeError(`${where}.maxConcurrentRequests must be a positive whole number`);
    policy.maxConcurrentRequests = value.maxConcurrentRequests;
  }
  return Object.freeze(policy);
}

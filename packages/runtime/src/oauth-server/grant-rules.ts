/**
 * From an upstream identity to what this server grants: the manifest's `grants` rules
 * map upstream claims (an email domain, a group) to scopes and a tenant. A user no
 * rule matches is refused: signing in with a Google account must not by itself open a
 * server to every Google user.
 */
import type { GrantRule } from "../config/policies.js";
import type { GrantSubject } from "./store.js";

function matches(rule: GrantRule, claims: Readonly<Record<string, unknown>>): boolean {
  const when = rule.when;
  if (when === undefined) return true;
  const value = claims[when.claim];
  if (when.equals !== undefined && value !== when.equals) return false;
  if (when.includes !== undefined) {
    const listed = Array.isArray(value) ? value.includes(when.includes) : typeof value === "string" && value.split(" ").includes(when.includes);
    if (!listed) return false;
  }
  return true;
}

/**
 * The grant subject for an identity, or undefined when no rule admits it. Without
 * rules (the local test login) every identity is admitted with any scope.
 * `tenantClaim` is where the tenancy layer reads the tenant from the token.
 */
export function applyGrantRules(
  rules: readonly GrantRule[] | undefined,
  subject: string,
  claims: Readonly<Record<string, unknown>>,
  tenantClaim: string | undefined,
): GrantSubject | undefined {
  if (rules === undefined) return { subject, claims };
  const matching = rules.filter((rule) => matches(rule, claims));
  if (matching.length === 0) return undefined;
  const tenant = matching.find((rule) => rule.tenant !== undefined)?.tenant;
  return {
    subject,
    claims: tenant !== undefined && tenantClaim !== undefined ? { ...claims, [tenantClaim]: tenant } : claims,
    allowedScopes: [...new Set(matching.flatMap((rule) => rule.scopes))],
  };
}

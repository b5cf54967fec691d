/**
 * Scope checks for per-route policies (`scopes` on a tool, resource or prompt) and
 * the RFC 6750 §3.1 answers when they fail: 401 for an anonymous caller, 403 with
 * `error="insufficient_scope"` and the scopes the route needs for one who lacks them.
 */
import type { Principal } from "../handlers/context.js";
import { authenticationRequired, bearerChallenge, type AuthRefusal, type ChallengeOptions } from "./challenge.js";

/**
 * Scopes from a claim: an OAuth-style space-separated string (`"notes:read notes:write"`)
 * or an array of strings. Anything else holds no scopes.
 */
export function scopesOf(value: unknown): string[] {
  if (typeof value === "string") return value.split(/\s+/).filter((scope) => scope !== "");
  if (Array.isArray(value)) return value.filter((scope): scope is string => typeof scope === "string" && scope !== "");
  return [];
}

/**
 * Whether the caller holds every scope in `required`. No scopes required: anyone
 * passes, anonymous callers included.
 *
 * @example
 * ```ts
 * import { hasScopes } from "@turbomcp/runtime/auth";
 * import { type Principal } from "@turbomcp/runtime";
 * const alice: Principal = { subject: "alice", scopes: ["notes:read"], scheme: "jwt", claims: {} };
 * hasScopes(alice, ["notes:read"]); // true
 * hasScopes(alice, ["notes:read", "notes:write"]); // false
 * ```
 */
export function hasScopes(principal: Principal | undefined, required: readonly string[]): boolean {
  if (required.length === 0) return true;
  if (principal === undefined) return false;
  const held = new Set(principal.scopes);
  return required.every((scope) => held.has(scope));
}

/**
 * The 403 for a caller who lacks scopes. The challenge names every scope the route
 * needs (RFC 6750 §3: the scope "necessary to access the requested resource"), so a
 * client can ask its authorization server for a token that has them.
 *
 * @example
 * ```ts
 * import { insufficientScope } from "@turbomcp/runtime/auth";
 * const refusal = insufficientScope(["notes:write"]);
 * // refusal.code === "forbidden"
 * // refusal.wwwAuthenticate === 'Bearer realm="mcp", error="insufficient_scope", scope="notes:write"'
 * ```
 */
export function insufficientScope(required: readonly string[], options: ChallengeOptions = {}): AuthRefusal {
  const scope = required.join(" ");
  const message = `Insufficient scope: this request needs ${required.length === 1 ? "the scope" : "the scopes"} ${scope}`;
  return {
    ok: false,
    code: "forbidden",
    message,
    wwwAuthenticate: bearerChallenge(options, { error: "insufficient_scope", scope }),
  };
}

/**
 * One call for a route's scope policy: `undefined` when the caller may proceed, 401
 * when an anonymous caller meets a scoped route (authenticating may help), 403 when
 * an authenticated one lacks scopes.
 *
 * @example
 * ```ts
 * import { checkScopes } from "@turbomcp/runtime/auth";
 * const refusal = checkScopes(undefined, ["notes:write"]);
 * // refusal?.code === "unauthorized"
 * ```
 */
export function checkScopes(principal: Principal | undefined, required: readonly string[], options: ChallengeOptions = {}): AuthRefusal | undefined {
  if (hasScopes(principal, required)) return undefined;
  return principal === undefined ? authenticationRequired(options) : insufficientScope(required, options);
}

/**
 * Who may see and call what: the manifest's per-route scopes (`policy.scopes`) and
 * rate limits (`policy.rateLimit`), applied to the caller the transport established.
 *
 * With no `auth` section the server is open and scopes do not apply. With one, a
 * route's scopes must all be held by the principal; an anonymous caller (auth not
 * required) reaches only routes without scopes, and is told to authenticate (-32001,
 * HTTP 401) for the others. A principal without a route's scopes gets -32003 (403)
 * naming them; over the route's rate limit, -32004 (429) with the wait.
 */
import type { RoutePolicy } from "../routing/policies.js";
import type { RouteTable } from "../routing/types.js";
import type { Caller } from "./caller.js";
import { McpError } from "./errors.js";
import type { RouteLimiter } from "./limiter.js";

export class Access {
  constructor(
    private readonly routes: RouteTable,
    private readonly limiter: RouteLimiter | undefined,
  ) {}

  /** The scopes of `policy` the caller lacks; empty when it may call the route. */
  missingScopes(caller: Caller, policy: RoutePolicy): readonly string[] {
    if (this.routes.auth === undefined || policy.scopes.length === 0 || caller.local === true) return [];
    const held = caller.principal?.scopes ?? [];
    return policy.scopes.filter((scope) => !held.includes(scope));
  }

  /** Whether list results are cut to what each caller may call (`auth.hideUnauthorized`). */
  get filtersLists(): boolean {
    return this.routes.auth?.hideUnauthorized === true;
  }

  /** A key that is the same for every caller who sees the same lists. */
  listKey(caller: Caller): string {
    if (!this.filtersLists) return "";
    if (caller.local === true) return "local";
    const scopes = caller.principal?.scopes ?? [];
    return scopes.length === 0 ? "-" : [...scopes].sort().join(" ");
  }

  /**
   * Lets the caller run the route named `target`, or throws -32001 / -32003 / -32004.
   * Synchronous (`undefined`) unless the route has a rate limit to consume: most calls
   * then cost no promise. Callers `await` the result either way.
   */
  admit(caller: Caller, policy: RoutePolicy, target: string): Promise<void> | undefined {
    const missing = this.missingScopes(caller, policy);
    // An anonymous caller is not refused for who it is but for not saying: 401, so it authenticates.
    if (missing.length > 0 && caller.principal === undefined) {
      throw new McpError("unauthorized", `Unauthorized: ${target} requires authentication`, { requiredScopes: policy.scopes });
    }
    if (missing.length > 0) {
      throw new McpError("forbidden", `Forbidden: ${target} requires the scope${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`, {
        requiredScopes: policy.scopes,
      });
    }
    if (policy.rateLimit === undefined || this.limiter === undefined) return undefined;
    return this.#consume(this.limiter, caller, policy.rateLimit, target);
  }

  async #consume(limiter: RouteLimiter, caller: Caller, limit: NonNullable<RoutePolicy["rateLimit"]>, target: string): Promise<void> {
    const who = caller.principal?.subject ?? "anonymous";
    const decision = await limiter.consume(`route:${target}:${who}`, limit);
    if (!decision.allowed) {
      throw new McpError("rate_limited", `Too many requests for ${target}: retry in ${Math.ceil(decision.retryAfterMs / 1000)} s`, {
        retryAfterMs: decision.retryAfterMs,
      });
    }
  }
}

/**
 * Who may see and call what: the tenant's policy (allowed and denied tools, resources
 * and prompts), the manifest's per-route scopes (`policy.scopes`) and rate limits
 * (`policy.rateLimit`), applied to the caller the transport established.
 *
 * An entry the caller's tenant may not use is refused with -32003 (403) and left out
 * of its lists, whatever its scopes. With no `auth` section the server is open and
 * scopes do not apply. With one, a route's scopes must all be held by the principal;
 * an anonymous caller (auth not required) reaches only routes without scopes, and is
 * told to authenticate (-32001, HTTP 401) for the others. A principal without a
 * route's scopes gets -32003 (403) naming them; over the route's rate limit, -32004
 * (429) with the wait.
 */
import type { RoutePolicy } from "../config/policies.js";
import { tenantRules, type EntryKind } from "../routing/tenant-rules.js";
import type { RouteTable } from "../routing/types.js";
import { ownerKey, type Caller } from "./caller.js";
import { McpError } from "./errors.js";
import type { LimitDecision, RouteLimiter } from "./limiter.js";

/** The entry a request is about, as tenant policies name it. */
export interface EntryRef {
  readonly kind: EntryKind;
  /** The tool, prompt, resource or resource template `name`. */
  readonly name: string;
}

const KIND_WORDS: Readonly<Record<EntryKind, string>> = { tool: "tool", resource: "resource", prompt: "prompt" };

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

  /** Whether the caller's tenant may use the entry (always, without a tenant). */
  tenantAllows(caller: Caller, entry: EntryRef): boolean {
    return caller.tenant === undefined || tenantRules(caller.tenant.policy).allows(entry.kind, entry.name);
  }

  /** Whether list results are cut to what each caller may call (`auth.hideUnauthorized`). */
  get filtersLists(): boolean {
    return this.routes.auth?.hideUnauthorized === true;
  }

  /** A key that is the same for every caller who sees the same lists: its scope set and its tenant's rules. */
  listKey(caller: Caller): string {
    const tenantKey = caller.tenant === undefined ? "" : tenantRules(caller.tenant.policy).key;
    if (!this.filtersLists) return tenantKey;
    if (caller.local === true) return `local#${tenantKey}`;
    const scopes = caller.principal?.scopes ?? [];
    return `${scopes.length === 0 ? "-" : [...scopes].sort().join(" ")}#${tenantKey}`;
  }

  /**
   * Throws unless the caller may use the entry: -32003 when its tenant may not, -32001
   * or -32003 when it lacks the route's scopes. Rate limits are not counted
   * (subscriptions check here; calls go through `admit`).
   */
  check(caller: Caller, policy: RoutePolicy, target: string, entry: EntryRef): void {
    if (!this.tenantAllows(caller, entry)) {
      // Which tenant, and which policy said no, stay out of the message.
      throw new McpError("forbidden", `Forbidden: ${KIND_WORDS[entry.kind]} ${entry.name} is not available to this tenant`);
    }
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
  }

  /**
   * Lets the caller run the route named `target`, or throws -32001 / -32003 / -32004.
   * Synchronous (`undefined`) unless the route has a rate limit to consume: most calls
   * then cost no promise. Callers `await` the result either way.
   */
  admit(caller: Caller, policy: RoutePolicy, target: string, entry: EntryRef): Promise<void> | undefined {
    this.check(caller, policy, target, entry);
    if (policy.rateLimit === undefined || this.limiter === undefined) return undefined;
    // Per identity (scheme, issuer, subject) within its tenant: no two callers share a budget.
    const who = ownerKey(caller.principal, caller.tenant) ?? "anonymous";
    const deciding = this.limiter.consume(`route:${target}:${who}`, policy.rateLimit);
    if (deciding instanceof Promise) return deciding.then((decision) => refuseOver(decision, target));
    refuseOver(deciding, target);
    return undefined;
  }
}

function refuseOver(decision: LimitDecision, target: string): void {
  if (!decision.allowed) {
    throw new McpError("rate_limited", `Too many requests for ${target}: retry in ${Math.ceil(decision.retryAfterMs / 1000)} s`, {
      retryAfterMs: decision.retryAfterMs,
    });
  }
}

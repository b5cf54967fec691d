/**
 * The limits a request enters before it is served, by who sent it: its tenant's (rate
 * limit, concurrency bound, through the tenant gate) and then its principal's share of
 * requests in progress. One release gives back whatever was taken, when the reply is
 * out. Synchronous when every store answers at once (memory, no rate limit to count):
 * a promise per request is measurable on the hot path.
 */
import type { Caller } from "./caller.js";
import { ownerKey } from "./caller.js";
import { NO_RELEASE, type SlotLimiter, type TenantGate, type TenantRelease } from "./tenant-gate.js";

const PRINCIPAL_BUSY = "Too many requests of this caller in progress";

export class CallerLimits {
  constructor(
    private readonly tenantGate: TenantGate | undefined,
    private readonly principalSlots: { readonly limiter: SlotLimiter; readonly perPrincipal: number } | undefined,
  ) {}

  /** Whether any limit applies to the caller: most requests of an open server skip entering altogether. */
  apply(caller: Caller): boolean {
    return (caller.tenant !== undefined && this.tenantGate !== undefined) || (caller.principal !== undefined && this.principalSlots !== undefined);
  }

  /** Takes what the caller's limits ask for, or throws (`rate_limited`) having given it all back. */
  enter(caller: Caller): TenantRelease | Promise<TenantRelease> {
    const { tenantGate } = this;
    const entering = caller.tenant === undefined || tenantGate === undefined ? NO_RELEASE : tenantGate.enter(caller.tenant);
    return entering instanceof Promise ? entering.then((release) => this.#enterPrincipal(caller, release)) : this.#enterPrincipal(caller, entering);
  }

  #enterPrincipal(caller: Caller, tenantRelease: TenantRelease): TenantRelease | Promise<TenantRelease> {
    const { principalSlots } = this;
    if (principalSlots === undefined || caller.principal === undefined || caller.local === true) return tenantRelease;
    const both =
      (principalRelease: TenantRelease): TenantRelease =>
      () => {
        principalRelease();
        tenantRelease();
      };
    let taking: TenantRelease | Promise<TenantRelease>;
    try {
      taking = principalSlots.limiter.take(`principal:${ownerKey(caller.principal, caller.tenant) ?? ""}`, principalSlots.perPrincipal, PRINCIPAL_BUSY);
    } catch (error) {
      tenantRelease();
      throw error;
    }
    if (!(taking instanceof Promise)) return both(taking);
    return taking.then(both, (error: unknown) => {
      tenantRelease();
      throw error;
    });
  }
}

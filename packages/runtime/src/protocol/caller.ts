/**
 * The caller of a request (its type lives with the handler context, which middleware
 * also sees) and the keys it is compared by. The protocol core only reads it:
 * `ctx.principal` / `ctx.tenant` / `ctx.session` for handlers, scope checks per
 * route, list filtering, and the records observers get.
 */
import type { Caller, Principal, Tenant } from "../handlers/context.js";

export type { Caller } from "../handlers/context.js";

/** The stdio client: the process that launched the server. */
export const LOCAL: Caller = Object.freeze({ local: true });

/** A request nobody authenticated (stdio, an open server). */
export const ANONYMOUS: Caller = Object.freeze({});

/**
 * One string per identity: scheme + issuer + subject, length-prefixed so no choice of
 * subject can make two identities collide. Null for an anonymous caller.
 */
export function principalKey(principal: Principal | undefined): string | null {
  if (principal === undefined) return null;
  const issuer = principal.issuer ?? "";
  return `${principal.scheme.length}:${principal.scheme}${issuer.length}:${issuer}${principal.subject}`;
}

/** The caller with the legacy session its request belongs to (`ctx.session`). */
export function inSession(caller: Caller, sessionId: string): Caller {
  return { ...caller, sessionId };
}

/** `ownerKey` of a caller, undefined rather than null: what a session is bound to. */
export function sessionOwner(caller: Caller): string | undefined {
  return ownerKey(caller.principal, caller.tenant) ?? undefined;
}

/**
 * What a session, task, sealed `requestState` or subscription is bound to: the
 * caller's identity within its tenant. Tenant ids cannot hold `|`, so the two parts
 * never run into each other. Null only for an anonymous caller without a tenant.
 */
export function ownerKey(principal: Principal | undefined, tenant: Tenant | undefined): string | null {
  const identity = principalKey(principal);
  if (tenant === undefined) return identity;
  return `${tenant.id}|${identity ?? ""}`;
}

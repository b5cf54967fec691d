/**
 * Who sent a request, as the transport's security layer established it (HTTP auth
 * middleware, an API key, the OS user of a Unix socket). The protocol core only
 * reads it: `ctx.principal` / `ctx.tenant` / `ctx.session` for handlers, scope checks
 * per route, list filtering, and the records observers get.
 */
import type { Principal, Tenant } from "../handlers/context.js";

export interface Caller {
  /** Undefined when the server is open or the request carried no credentials. */
  readonly principal?: Principal;
  readonly tenant?: Tenant;
  /** The legacy HTTP session the request belongs to, if any. */
  readonly sessionId?: string;
  /**
   * The transport vouches for the caller: on stdio the client is the process that
   * started the server, with the user's own rights, and brings no credentials to
   * check (basic/index, "Auth"), so route scopes do not apply. Never set for
   * anything reachable over a network.
   */
  readonly local?: boolean;
}

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

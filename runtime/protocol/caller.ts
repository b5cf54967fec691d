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
 * One string per principal, for binding things to their owner (a task, a sealed
 * `requestState`): the scheme keeps a JWT subject and an API key id apart. Null for
 * an anonymous caller.
 */
export function principalKey(principal: Principal | undefined): string | null {
  return principal === undefined ? null : `${principal.scheme}:${principal.subject}`;
}

/**
 * The caller of one HTTP request, as the security layer established it, handed to
 * the MCP endpoint beside the request rather than through its parameters: Express
 * calls a mounted handler as `(req, res, next)`, so a third parameter cannot carry
 * it. A WeakMap keeps `IncomingMessage` objects their usual shape and forgets the
 * caller with the request. Express-free: the lean path and adapters share it.
 */
import type { IncomingMessage } from "node:http";
import { ANONYMOUS, ownerKey, type Caller } from "../protocol/caller.js";

const callers = new WeakMap<IncomingMessage, Caller>();

/**
 * Records who sent `req`; the MCP endpoint passes it to the dispatcher
 * (`ctx.principal`, scope checks). For authentication middleware of your own in
 * front of a mounted endpoint.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { createServer, createStreamableHttpHandler, setRequestCaller } from "turbomcp/runtime";
 * import { routes } from "./generated/routes.gen.js";
 * const mcp = createStreamableHttpHandler(createServer(routes));
 * const app = express();
 * app.use("/mcp", (req, _res, next) => {
 *   setRequestCaller(req, { principal: { subject: "alice", scopes: [], scheme: "custom", claims: {} } });
 *   next();
 * });
 * app.all("/mcp", (req, res) => mcp(req, res));
 * ```
 */
export function setRequestCaller(req: IncomingMessage, caller: Caller): void {
  callers.set(req, caller);
}

/** The caller recorded for `req` (anonymous if none), with the legacy session the request belongs to. */
export function requestCaller(req: IncomingMessage, sessionId?: string): Caller {
  const caller = callers.get(req) ?? ANONYMOUS;
  return sessionId === undefined ? caller : { ...caller, sessionId };
}

/**
 * The owner a session is bound to: the identity (scheme, issuer, subject) within its
 * tenant that opened it must make every later request (basic/security_best_practices,
 * session hijacking), else the id alone would be a bearer credential.
 */
export function requestOwner(req: IncomingMessage): string | undefined {
  const caller = callers.get(req);
  return caller === undefined ? undefined : (ownerKey(caller.principal, caller.tenant) ?? undefined);
}

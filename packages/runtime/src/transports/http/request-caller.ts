/**
 * The caller of one HTTP request as authentication middleware of your own established
 * it, for a Streamable HTTP or legacy SSE handler mounted by hand: Express calls a
 * mounted handler as `(req, res, next)`, so a third parameter cannot carry it. A
 * WeakMap keeps `IncomingMessage` objects their usual shape and forgets the caller with
 * the request. The secured endpoint (`createMcpEndpoint`) does not use it: it hands
 * its handlers the caller directly (`serve(req, res, caller)`), which costs no map.
 */
import type { IncomingMessage } from "node:http";
import { ANONYMOUS, type Caller } from "../../protocol/caller.js";

const callers = new WeakMap<IncomingMessage, Caller>();

/**
 * Records who sent `req`; the MCP endpoint passes it to the dispatcher
 * (`ctx.principal`, scope checks). For authentication middleware of your own in
 * front of a mounted endpoint.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { createServer } from "@turbomcp/runtime";
 * import { createStreamableHttpHandler, setRequestCaller } from "@turbomcp/runtime/http";
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

/** The caller recorded for `req` with `setRequestCaller`, anonymous if none. */
export function requestCaller(req: IncomingMessage): Caller {
  return callers.get(req) ?? ANONYMOUS;
}

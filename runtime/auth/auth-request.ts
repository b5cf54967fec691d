/**
 * The `AuthRequest` of an HTTP request or WebSocket upgrade, built one way for every
 * transport with headers. Node keeps only the first of repeated `Authorization`
 * headers in `req.headers`; a client (or a proxy that appends) sending two must be
 * refused, not judged by whichever came first, so the distinct values are read.
 */
import type { IncomingMessage } from "node:http";
import type { AuthRequest } from "./authenticator.js";

/**
 * The headers and peer address of `req`, for `Authenticator.authenticate`.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { authRequestOf, createAuthenticator } from "turbomcp/runtime";
 * const authenticator = createAuthenticator({ schemes: [{ type: "apiKey", header: "x-api-key", keysEnv: "MY_SERVER_API_KEYS" }], required: true, hideUnauthorized: true });
 * createServer((req, res) => void authenticator.authenticate(authRequestOf(req)).then((result) => res.writeHead(result.ok ? 200 : 401).end()));
 * ```
 */
export function authRequestOf(req: IncomingMessage): AuthRequest {
  // `headersDistinct` is built lazily from the raw headers; a request without the
  // header (or with one) keeps `req.headers` as it is, with no copy.
  const authorization = (req.headersDistinct as IncomingMessage["headersDistinct"] | undefined)?.authorization;
  const headers = authorization !== undefined && authorization.length > 1 ? { ...req.headers, authorization } : req.headers;
  const remoteAddress = req.socket.remoteAddress;
  return remoteAddress === undefined ? { headers } : { headers, remoteAddress };
}

/**
 * The `AuthRequest` of a `node:http` request. Node's `req.headers` keeps only the
 * first of a repeated `Authorization` (it silently discards the others) and joins
 * repeats of other fields such as `x-api-key` with ", ", so a client sending two
 * credentials would be judged on whichever came first. RFC 6750 §3.1 makes a request
 * with more than one credential `invalid_request`; to refuse it the credential
 * reader must see every value, so repeats are handed on as arrays.
 */
import type { IncomingMessage } from "node:http";
import type { AuthRequest } from "./authenticator.js";

type Headers = AuthRequest["headers"];

function headersWithRepeats(req: IncomingMessage): Headers {
  // One entry in `req.headers` per name: as many raw lines as names means no repeats,
  // and the common request pays for no copy.
  if (req.rawHeaders.length / 2 === Object.keys(req.headers).length) return req.headers;
  const headers: Record<string, string | readonly string[] | undefined> = { ...req.headers };
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values !== undefined && values.length > 1) headers[name] = values;
  }
  return headers;
}

/**
 * Builds what an `Authenticator` reads from a request: the headers (a repeated
 * header as the array of its values) and the client's address. Use it wherever you
 * call `authenticate` with a `node:http` or Express request.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { authRequestOf, createAuthenticator } from "@turbomcp/runtime/auth";
 * const authenticator = createAuthenticator({ schemes: [{ type: "apiKey", header: "x-api-key", keysEnv: "MY_KEYS" }], required: true, hideUnauthorized: true });
 * createServer((req, res) => {
 *   void authenticator.authenticate(authRequestOf(req)).then((result) => res.writeHead(result.ok ? 204 : 401).end());
 * });
 * ```
 */
export function authRequestOf(req: IncomingMessage): AuthRequest {
  const headers = headersWithRepeats(req);
  const remoteAddress = req.socket.remoteAddress;
  return remoteAddress === undefined ? { headers } : { headers, remoteAddress };
}

/**
 * `/metrics` as a plain `(req, res)` handler. Optional protection: a bearer token
 * from config, compared in constant time. Both sides are hashed first so the
 * comparison takes the same time whatever the presented token's length. Two
 * `Authorization` headers are 400 `invalid_request` (RFC 6750 §3.1), as on `/mcp`:
 * `req.headers` would show only the first.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Registry } from "prom-client";
import { refuseMethod, reply, replyJson, type HttpHandler } from "./http-reply.js";
import type { ServerLogger } from "../protocol/logger.js";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Whether an `Authorization` header carries `token` as a bearer credential (RFC 6750). */
export function bearerMatches(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer +([^\s]+) *$/i.exec(authorization ?? "");
    return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
  };
}

export function validBearerToken(token: string): string {
  if (typeof token !== "string" || token.length === 0 || /\s/.test(token))
    throw new TypeError("metrics bearerToken must be a non-empty string without whitespace");
  return token;
}

export function createMetricsHandler(registry: Registry, bearerToken: string | undefined, logger: ServerLogger): HttpHandler {
  const authorized = bearerToken === undefined ? () => true : bearerMatches(validBearerToken(bearerToken));
  return (req, res) => {
    if (refuseMethod(req, res)) return;
    if (bearerToken !== undefined && (req.headersDistinct.authorization?.length ?? 0) > 1) {
      replyJson(req, res, 400, { error: "invalid_request" }, { "www-authenticate": 'Bearer realm="metrics", error="invalid_request"' });
      return;
    }
    if (!authorized(req.headers.authorization)) {
      replyJson(req, res, 401, { error: "unauthorized" }, { "www-authenticate": 'Bearer realm="metrics"' });
      return;
    }
    registry.metrics().then(
      (text) => reply(req, res, 200, registry.contentType, text),
      // A custom collect() that throws must not take the scrape endpoint down with a stack trace.
      (error: unknown) => {
        logger.error("collecting metrics failed", error);
        replyJson(req, res, 500, { error: "metrics_unavailable" });
      },
    );
  };
}

/**
 * The end of the Express chain: a route nobody answered is a JSON 404, an error
 * nobody handled is a JSON error with its status (500 unless the error carries a
 * 4xx/5xx one, as body-parser's and http-errors' do). Never Express's HTML page,
 * never a stack, never a message the error did not mark as safe to expose.
 */
import type { ServerResponse } from "node:http";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import { McpError, type McpErrorCode } from "../protocol/errors.js";
import { errorResponse } from "../protocol/jsonrpc.js";
import { sendError, sendJson } from "../transports/http/reply.js";

/** HTTP statuses an error may carry, and the error table's code for each. */
const CODE_BY_STATUS: ReadonlyMap<number, McpErrorCode> = new Map([
  [400, "invalid_request"],
  [401, "unauthorized"],
  [403, "forbidden"],
  [404, "method_not_found"],
  [405, "method_not_allowed"],
  [406, "not_acceptable"],
  [408, "request_timeout"],
  [413, "payload_too_large"],
  [415, "unsupported_media_type"],
  [429, "rate_limited"],
  [503, "server_shutting_down"],
]);

const GENERIC_MESSAGE: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  503: "Service Unavailable",
};

interface HttpErrorFields {
  readonly status?: unknown;
  readonly statusCode?: unknown;
  readonly expose?: unknown;
  readonly message?: unknown;
}

function statusOf(error: HttpErrorFields): number {
  const status = typeof error.status === "number" ? error.status : error.statusCode;
  return typeof status === "number" && Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
}

/** Answers a request no route took: JSON-RPC `method_not_found`, HTTP 404. */
export function sendNotFound(res: ServerResponse, message = "Not found"): void {
  sendError(res, "method_not_found", message);
}

/**
 * Answers an error with its status and a JSON-RPC error body. A 5xx is logged and
 * its message withheld; a 4xx shows its message only when marked `expose` (the
 * http-errors convention body-parser follows).
 */
export function sendErrorAsJson(res: ServerResponse, error: unknown, logger: ServerLogger): void {
  const fields: HttpErrorFields = typeof error === "object" && error !== null ? error : {};
  const status = statusOf(fields);
  if (status >= 500) logger.error("unhandled error in an HTTP route", error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const code = CODE_BY_STATUS.get(status) ?? "internal_error";
  const safe = status < 500 && fields.expose === true && typeof fields.message === "string" ? fields.message : (GENERIC_MESSAGE[status] ?? "Internal error");
  sendJson(res, status, JSON.stringify(errorResponse(null, new McpError(code, safe))));
}

/**
 * Express middleware for the end of your own app: a JSON 404 for routes nobody answered.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { jsonErrorHandler, jsonNotFound } from "@turbomcp/runtime/express";
 * const app = express();
 * app.get("/hello", (_req, res) => void res.json({ hello: "world" }));
 * app.use(jsonNotFound());
 * app.use(jsonErrorHandler());
 * ```
 */
export function jsonNotFound(): RequestHandler {
  return function jsonNotFoundHandler(_req: Request, res: Response): void {
    sendNotFound(res);
  };
}

/** Express error middleware: JSON bodies for every error (see `sendErrorAsJson`). */
export function jsonErrorHandler(logger: ServerLogger = stderrLogger): ErrorRequestHandler {
  return function jsonErrorMiddleware(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
    sendErrorAsJson(res, error, logger);
  };
}

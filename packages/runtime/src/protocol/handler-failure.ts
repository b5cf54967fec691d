/**
 * Turns what a resource, prompt or completion handler threw into the `McpError` the
 * client sees. Deliberate errors keep their message; bugs get a generic one and are
 * logged with their stack for the operator (tools map failures to `isError` results instead).
 */
import { NotImplementedError, ToolError } from "../handlers/errors.js";
import type { ServerLogger } from "./logger.js";
import { RequestCancelled } from "./deadline.js";
import { McpError } from "./errors.js";
import { InputRequired } from "./input-round.js";

export function handlerFailure(what: string, error: unknown, logger: ServerLogger): McpError {
  // Cancellation is not a failure: the dispatcher sends no reply at all; nor is an
  // abandoned input-required run, whose reply is already decided.
  if (error instanceof RequestCancelled || error instanceof InputRequired) throw error;
  if (error instanceof McpError) return error;
  if (error instanceof NotImplementedError || error instanceof ToolError) return new McpError("internal_error", error.message);
  logger.error(`${what} threw`, error);
  return new McpError("internal_error", `Internal error while ${what}`);
}

/** Reads a required string parameter or fails with -32602. */
export function stringParam(params: Readonly<Record<string, unknown>>, name: string, method: string): string {
  const value = params[name];
  if (typeof value !== "string") throw new McpError("invalid_params", `${method} requires the string parameter "${name}"`);
  return value;
}

/**
 * Maps what a tool handler returned or threw to a `CallToolResult` (server/tools:
 * tool failures are results with `isError: true`, not JSON-RPC errors, so the model
 * can see them and react).
 */
import { NotImplementedError, ToolError } from "../../handlers/errors.js";
import type { CallToolResult, ContentBlock, JsonValue } from "../../handlers/mcp-types.js";
import type { ServerLogger } from "../logger.js";
import type { ToolRoute } from "../../routing/types.js";
import { RequestCancelled, RequestTimedOut } from "../deadline.js";
import { McpError } from "../errors.js";
import { InputRequired } from "../input-round.js";
import { isRecord } from "../is-record.js";

export function errorResult(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

function internalError(name: string): CallToolResult {
  return errorResult(`Internal error while running tool ${name}`);
}

/**
 * A handler's return value as a result; a value outside the contract is a handler bug.
 * `anyStructured`: 2026-07-28 lets `structuredContent` be any JSON value (an array, a
 * number); earlier versions require an object, so there other values go out as text.
 */
export function toolResult(route: ToolRoute, output: unknown, logger: ServerLogger, anyStructured = false): CallToolResult {
  const { name } = route.definition;
  if (route.validateOutput) {
    if (!route.validateOutput(output) || output === undefined) {
      logger.error(`tool ${name} returned output that does not match its outputSchema: ${JSON.stringify(route.validateOutput.errors ?? [])}`);
      return errorResult(`Tool ${name} produced invalid output`);
    }
    const text: ContentBlock[] = [{ type: "text", text: JSON.stringify(output) }];
    return isRecord(output) || anyStructured ? { content: text, structuredContent: output as JsonValue } : { content: text };
  }
  if (typeof output === "string") return { content: [{ type: "text", text: output }] };
  if (Array.isArray(output)) return { content: output as ContentBlock[] };
  if (isRecord(output) && Array.isArray(output.content)) return output as unknown as CallToolResult;
  logger.error(`tool ${name} returned ${output === null ? "null" : typeof output}, which is not a string, content blocks or a CallToolResult`);
  return internalError(name);
}

/**
 * Protocol errors that are the tool's failure, for the model to see and react to: the
 * client failed to answer a question the tool asked (it answered with an error, sent a
 * malformed result, or went away), or an upstream the tool calls through
 * `ctx.dependency()` is unavailable (open breaker, timeout).
 */
const TOOL_FAILURES: ReadonlySet<string> = new Set(["peer_error", "connection_closed", "dependency_unavailable"]);

/**
 * A handler's throw as a result. Re-thrown instead: cancellation (a cancelled request
 * gets no reply), an abandoned input-required run (its reply is already decided), and
 * other `McpError`s, which are protocol failures such as a missing client capability
 * (-32021, which 2026-07-28 requires as an error) that the client must see.
 */
export function toolFailure(name: string, error: unknown, logger: ServerLogger): CallToolResult {
  if (error instanceof RequestCancelled || error instanceof InputRequired) throw error;
  if (error instanceof RequestTimedOut) return errorResult(`Tool ${name} timed out after ${error.timeoutMs} ms`);
  if (error instanceof McpError && !TOOL_FAILURES.has(error.code)) throw error;
  // These carry messages written for the caller; anything else may leak internals.
  if (error instanceof ToolError || error instanceof NotImplementedError || error instanceof McpError) return errorResult(error.message);
  logger.error(`tool ${name} threw`, error);
  return internalError(name);
}

/**
 * What a connection-oriented transport (WebSocket, TCP, Unix, stdio) answers while
 * the server drains: requests that arrive after shutdown began get -32008
 * `server_shutting_down` at once instead of silence; notifications and responses
 * still go through, as a request in flight may be waiting for exactly that answer
 * (an elicitation result, a cancellation).
 */
import { McpError } from "../protocol/errors.js";
import { errorResponse, type JsonRpcBatchReply, type JsonRpcFailure, type ParsedMessage } from "../protocol/jsonrpc.js";

const SHUTTING_DOWN = new McpError("server_shutting_down", "Server is shutting down: retry on another instance");

/**
 * The reply refusing `message` during a drain, or undefined when it should be
 * handled as usual. A batch with requests in it is refused as a whole, each request
 * getting its error; a batch without any is handled.
 */
export function refusalWhileDraining(message: ParsedMessage): JsonRpcFailure | JsonRpcBatchReply | undefined {
  if (message.kind === "request") return errorResponse(message.message.id, SHUTTING_DOWN);
  if (message.kind !== "batch") return undefined;
  const refused = message.items.flatMap((item) => (item.kind === "request" ? [errorResponse(item.message.id, SHUTTING_DOWN)] : []));
  return refused.length === 0 ? undefined : refused;
}

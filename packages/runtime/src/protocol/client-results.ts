/**
 * Checks what a client returned for a server→client request before a handler sees
 * it: handlers are typed against these shapes, and a broken client must not turn
 * into a confusing TypeError inside user code.
 */
import type { ElicitResult, Root, SamplingResult } from "../handlers/context.js";
import { McpError } from "./errors.js";
import type { JsonRpcParams } from "./jsonrpc.js";
import { isRecord } from "./is-record.js";

function malformed(method: string, problem: string): McpError {
  return new McpError("peer_error", `the client's ${method} result is malformed: ${problem}`);
}

export function elicitResult(result: JsonRpcParams): ElicitResult {
  const { action, content } = result;
  if (action !== "accept" && action !== "decline" && action !== "cancel") throw malformed("elicitation/create", "action must be accept, decline or cancel");
  if (content !== undefined && !isRecord(content)) throw malformed("elicitation/create", "content must be an object");
  return result as unknown as ElicitResult;
}

export function samplingResult(result: JsonRpcParams): SamplingResult {
  const { role, content, model } = result;
  if (role !== "user" && role !== "assistant") throw malformed("sampling/createMessage", "role must be user or assistant");
  if (!isRecord(content) || typeof content.type !== "string") throw malformed("sampling/createMessage", "content must be a content block");
  if (typeof model !== "string") throw malformed("sampling/createMessage", "model must be a string");
  return result as unknown as SamplingResult;
}

export function rootsResult(result: JsonRpcParams): readonly Root[] {
  const { roots } = result;
  if (!Array.isArray(roots) || !roots.every((root) => isRecord(root) && typeof root.uri === "string")) {
    throw malformed("roots/list", "roots must be a list of {uri}");
  }
  return roots as Root[];
}

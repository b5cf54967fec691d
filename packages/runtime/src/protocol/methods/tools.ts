/** `tools/list` and `tools/call` (server/tools). */
import type { CallToolResult } from "../../handlers/mcp-types.js";
import { describeIssues } from "../../validation/validator.js";
import { McpError } from "../errors.js";
import { projectFields } from "../fields.js";
import { stringParam } from "../handler-failure.js";
import { listMethod } from "./lists.js";
import { type MethodCall, type MethodDefinition, type MethodResult, afterAdmission } from "../method.js";
import type { ToolRoute } from "../../routing/types.js";
import { errorResult, toolFailure, toolResult } from "./tool-results.js";

async function callTool(call: MethodCall): Promise<MethodResult> {
  const name = stringParam(call.params, "name", "tools/call");
  const route = call.routes.tools.get(name);
  // server/tools: an unknown tool is a protocol error, not an isError result.
  if (!route) throw new McpError("invalid_params", `Unknown tool: ${name}`);
  const admitting = call.access.admit(call.caller, route.policy, name, { kind: "tool", name });
  if (admitting !== undefined) await admitting;
  return afterAdmission(call, "tools/call", route, route, runTool);
}

/** The admitted call: validation and the handler (behind the middleware, which may change the arguments). */
async function runTool(call: MethodCall, route: ToolRoute): Promise<MethodResult> {
  const name = route.definition.name;
  // SEP-2663: a tool that requires a task refuses a client without the extension before anything runs.
  const asTask = call.tasks.mayRunAsTask(route, call.connection);
  // The params object was parsed for this request alone, so validators may coerce or fill defaults in place.
  const input = call.params.arguments === undefined ? {} : call.params.arguments;
  // CallToolRequest types `arguments` as an object: anything else is a malformed request, not a tool failure.
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new McpError("invalid_params", "tools/call arguments must be an object");
  const version = call.connection.protocolVersion;
  if (!route.validateInput(input)) {
    return errorResult(`Invalid arguments for tool ${name}: ${describeIssues(route.validateInput.errors)}`);
  }
  if (asTask) return call.tasks.callTool(call, route, input);
  let result: CallToolResult;
  try {
    const output = await call.run(route.policy, () => route.handler(input, call.context));
    result = toolResult(route, output, call.logger, call.connection.stateless);
  } catch (error) {
    result = toolFailure(name, error, call.logger);
  }
  return projectFields("callToolResult", result, version);
}

export const toolMethods: Readonly<Record<string, MethodDefinition>> = {
  "tools/list": { capability: "tools", handle: listMethod("tools") },
  "tools/call": { capability: "tools", asksForInput: true, handle: callTool },
};

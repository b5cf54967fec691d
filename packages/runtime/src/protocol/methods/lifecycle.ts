/** `initialize`, `ping` and `logging/setLevel` (basic/lifecycle, basic/utilities, server/utilities/logging): legacy only, 2026-07-28 removed them. */
import type { LogLevel } from "../../handlers/context.js";
import { McpError } from "../errors.js";
import { projectFields } from "../fields.js";
import type { MethodCall, MethodDefinition, MethodResult } from "../method.js";
import { LOG_LEVELS } from "../log-levels.js";
import { negotiateVersion } from "../versions.js";

async function initialize(call: MethodCall): Promise<MethodResult> {
  const { connection, routes, params } = call;
  if (connection.initialized) throw new McpError("invalid_request", "initialize may be sent only once per connection");
  const version = negotiateVersion(params.protocolVersion);
  const capabilities = params.capabilities;
  connection.protocolVersion = version;
  connection.clientCapabilities = typeof capabilities === "object" && capabilities !== null ? (capabilities as Record<string, unknown>) : {};
  connection.initialized = true;
  const { instructions, ...identity } = routes.server;
  const offered = call.state.capabilities(version);
  // Nothing could carry notifications/resources/updated to a client no session keeps.
  if (connection.sessionless && offered.resources !== undefined) offered.resources = { ...offered.resources, subscribe: false };
  const result: Record<string, unknown> = {
    protocolVersion: version,
    capabilities: offered,
    serverInfo: projectFields("implementation", identity, version),
  };
  if (instructions !== undefined) result.instructions = instructions;
  return result;
}

async function setLevel(call: MethodCall): Promise<MethodResult> {
  const level = call.params.level;
  if (typeof level !== "string" || !(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new McpError("invalid_params", `logging/setLevel level must be one of ${LOG_LEVELS.join(", ")}`);
  }
  call.connection.logLevel = level as LogLevel;
  return {};
}

export const lifecycleMethods: Readonly<Record<string, MethodDefinition>> = {
  initialize: { beforeInitialize: true, era: "legacy", handle: initialize },
  ping: { beforeInitialize: true, era: "legacy", handle: async () => ({}) },
  "logging/setLevel": { capability: "logging", era: "legacy", handle: setLevel },
};

/**
 * Builds the `ctx` object handlers receive for one request on a stateful
 * (initialize-based) connection: notifications go to the same peer, server→client
 * requests are gated on the capabilities the client declared.
 */
import type { ElicitResult, LogLevel, ProgressUpdate, RequestContext, Root, SamplingResult } from "../handlers/context.js";
import { elicitResult, rootsResult, samplingResult } from "./client-results.js";
import type { Connection } from "./connection.js";
import { McpError } from "./errors.js";
import { projectFields } from "./fields.js";
import type { JsonRpcId, JsonRpcParams } from "./jsonrpc.js";
import { versionAtLeast } from "./versions.js";

/** RFC 5424 severities in increasing order, as `logging/setLevel` uses them. */
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

export interface RequestScope {
  readonly connection: Connection;
  readonly requestId: JsonRpcId;
  readonly signal: AbortSignal;
  /** From the request's `_meta.progressToken`; progress is sent only when present. */
  readonly progressToken: string | number | undefined;
  /** Set once the reply is sent: late progress would refer to a finished request. */
  readonly isDone: () => boolean;
}

function requireCapability(connection: Connection, name: string, since: string, sub?: string): void {
  const declared = connection.clientCapabilities[name];
  const subDeclared = sub === undefined || (typeof declared === "object" && declared !== null && sub in declared);
  if (!versionAtLeast(connection.protocolVersion, since) || declared === undefined || !subDeclared) {
    const required = sub === undefined ? { [name]: {} } : { [name]: { [sub]: {} } };
    throw new McpError("missing_client_capability", `the client did not declare the ${sub === undefined ? name : `${name}.${sub}`} capability`, {
      requiredCapabilities: required,
    });
  }
}

export function createRequestContext(scope: RequestScope): RequestContext {
  const { connection, signal, progressToken } = scope;
  let lastProgress = -Infinity;
  const ask = (method: string, params: JsonRpcParams): Promise<JsonRpcParams> => connection.outbound.request(method, params, signal, scope.requestId);
  return {
    requestId: scope.requestId,
    signal,
    principal: undefined,
    tenant: undefined,
    session: undefined,
    protocolVersion: connection.protocolVersion,
    clientCapabilities: connection.clientCapabilities,
    log(level: LogLevel, data: unknown, logger?: string): void {
      if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(connection.logLevel)) return;
      // `data` is required on the wire; a bare ctx.log("info") sends null rather than omit it.
      const payload = data === undefined ? null : data;
      const params = logger === undefined ? { level, data: payload } : { level, data: payload, logger };
      connection.send({ jsonrpc: "2.0", method: "notifications/message", params }, scope.requestId);
    },
    progress(update: ProgressUpdate): void {
      // The spec requires increasing progress values; drop anything else rather than send a broken stream.
      if (progressToken === undefined || scope.isDone() || !(update.progress > lastProgress)) return;
      lastProgress = update.progress;
      const params = projectFields("progress", { progressToken, ...update }, connection.protocolVersion);
      connection.send({ jsonrpc: "2.0", method: "notifications/progress", params }, scope.requestId);
    },
    async elicit(request): Promise<ElicitResult> {
      const url = request.mode === "url";
      // `elicitation: {}` means form only (client/elicitation); once modes are listed, form must be among them.
      const declared = connection.clientCapabilities.elicitation;
      const listsModes = typeof declared === "object" && declared !== null && Object.keys(declared).length > 0;
      requireCapability(connection, "elicitation", url ? "2025-11-25" : "2025-06-18", url ? "url" : listsModes ? "form" : undefined);
      const params = projectFields("elicitation", { ...request }, connection.protocolVersion);
      return elicitResult(await ask("elicitation/create", params));
    },
    async sample(request): Promise<SamplingResult> {
      requireCapability(connection, "sampling", "2024-11-05");
      return samplingResult(await ask("sampling/createMessage", { ...request }));
    },
    async roots(): Promise<readonly Root[]> {
      requireCapability(connection, "roots", "2024-11-05");
      return rootsResult(await ask("roots/list", {}));
    },
  };
}

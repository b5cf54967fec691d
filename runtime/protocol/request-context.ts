/**
 * Builds the `ctx` object handlers receive for one request. The same calls work in
 * both eras: on a legacy connection `elicit/sample/roots` are server→client requests
 * gated on the capabilities the client declared at initialize; on 2026-07-28 they are
 * gated on the request's `_meta` capabilities and become input requests of an
 * input-required result (see input-round.ts).
 */
import type { LazyAbort } from "./lazy-abort.js";
import type { AskOptions, ElicitResult, LogLevel, ProgressUpdate, RequestContext, Root, SamplingResult } from "../handlers/context.js";
import { elicitResult, rootsResult, samplingResult } from "./client-results.js";
import type { Caller } from "./caller.js";
import type { Connection } from "./connection.js";
import { McpError } from "./errors.js";
import { projectFields } from "./fields.js";
import { ASK_METHODS, type AskKind } from "./input-round.js";
import type { JsonRpcId, JsonRpcParams } from "./jsonrpc.js";
import { logLevelPasses } from "./log-levels.js";
import { versionAtLeast } from "./versions.js";

export interface RequestScope {
  readonly connection: Connection;
  readonly caller: Caller;
  readonly requestId: JsonRpcId;
  /** The request's abort; `ctx.signal` is made from it only if the handler reads it. */
  readonly abort: LazyAbort;
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
  const { connection, abort, progressToken } = scope;
  let lastProgress = -Infinity;
  const ask = <T>(kind: AskKind, params: JsonRpcParams, options: AskOptions | undefined, parse: (result: JsonRpcParams) => T): Promise<T> => {
    if (!connection.stateless) return connection.outbound.request(ASK_METHODS[kind], params, abort.signal, scope.requestId).then(parse);
    if (connection.askRouter) return connection.askRouter.ask(kind, params, options?.key, parse);
    const round = connection.inputRound;
    // mrtr: only tools/call, prompts/get and resources/read may answer input-required.
    if (!round) throw new McpError("internal_error", `Internal error: ${ASK_METHODS[kind]} cannot be asked while serving this method on ${connection.protocolVersion}`);
    return round.ask(kind, params, options?.key, parse);
  };
  return {
    requestId: scope.requestId,
    get signal() {
      return abort.signal;
    },
    principal: scope.caller.principal,
    tenant: scope.caller.tenant,
    session: scope.caller.sessionId === undefined ? undefined : { id: scope.caller.sessionId },
    protocolVersion: connection.protocolVersion,
    clientCapabilities: connection.clientCapabilities,
    log(level: LogLevel, data: unknown, logger?: string): void {
      if (!logLevelPasses(level, connection.logLevel)) return;
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
    async elicit(request, options): Promise<ElicitResult> {
      const url = request.mode === "url";
      // `elicitation: {}` means form only (client/elicitation); once modes are listed, form must be among them.
      const declared = connection.clientCapabilities.elicitation;
      const listsModes = typeof declared === "object" && declared !== null && Object.keys(declared).length > 0;
      requireCapability(connection, "elicitation", url ? "2025-11-25" : "2025-06-18", url ? "url" : listsModes ? "form" : undefined);
      let params: JsonRpcParams = projectFields("elicitation", { ...request }, connection.protocolVersion);
      // 2026-07-28 dropped elicitationId: the client's retry is the completion signal.
      if (connection.stateless && "elicitationId" in params) {
        const { elicitationId: _dropped, ...rest } = params;
        params = rest;
      }
      return ask("elicitation", params, options, elicitResult);
    },
    async sample(request, options): Promise<SamplingResult> {
      requireCapability(connection, "sampling", "2024-11-05");
      return ask("sampling", { ...request }, options, samplingResult);
    },
    async roots(options): Promise<readonly Root[]> {
      requireCapability(connection, "roots", "2024-11-05");
      return ask("roots", {}, options, rootsResult);
    },
  };
}

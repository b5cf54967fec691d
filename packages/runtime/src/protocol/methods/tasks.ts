/**
 * `tasks/get`, `tasks/update` and `tasks/cancel` of the tasks extension (SEP-2663),
 * on 2026-07-28 only. The extension removed `tasks/result` and `tasks/list`, so they
 * are not here and answer -32601 like any unknown method.
 *
 * They are not marked stateless-only: 2025-11-25 had methods of the same names (the
 * experimental tasks this server does not implement), so on a legacy connection they
 * are unknown methods, -32601, rather than 2026-07-28 requests missing their `_meta`.
 */
import { McpError } from "../errors.js";
import { stringParam } from "../handler-failure.js";
import type { MethodCall, MethodDefinition, MethodResult } from "../method.js";
import { clientNegotiatedTasks, missingTasksExtension, ownerOf, servesTasks } from "../tasks/extension.js";

type TaskHandler = (call: MethodCall, taskId: string, owner: string | null) => Promise<MethodResult>;

/**
 * The checks every task method makes, in the order the spec's errors imply: a server
 * without task-supporting tools does not serve the extension (-32601); a request
 * that did not declare it is refused (-32021) before its params are looked at.
 */
function taskMethod(method: string, handle: TaskHandler): MethodDefinition {
  return {
    handle: async (call) => {
      if (!call.connection.stateless || !servesTasks(call.routes)) throw new McpError("method_not_found", `Method not found: ${method}`);
      if (!clientNegotiatedTasks(call.connection.clientCapabilities)) throw missingTasksExtension(method);
      return handle(call, stringParam(call.params, "taskId", method), ownerOf(call.context));
    },
  };
}

export const taskMethods: Readonly<Record<string, MethodDefinition>> = {
  "tasks/get": taskMethod("tasks/get", (call, taskId, owner) => call.tasks.get(taskId, owner)),
  "tasks/update": taskMethod("tasks/update", (call, taskId, owner) => call.tasks.update(taskId, owner, call.params.inputResponses)),
  "tasks/cancel": taskMethod("tasks/cancel", (call, taskId, owner) => call.tasks.cancel(taskId, owner)),
};

/**
 * Negotiating the tasks extension (SEP-2663, "Capability Negotiation"): the server
 * advertises it in `capabilities.extensions` of `server/discover`; a client opts in
 * per request in `_meta["io.modelcontextprotocol/clientCapabilities"].extensions`.
 * The extension exists on 2026-07-28 only; older versions never see tasks.
 */
import { ownerKey } from "../caller.js";
import type { RequestContext } from "../../handlers/context.js";
import type { RouteTable, TaskSupport, ToolRoute } from "../../routing/types.js";
import { McpError } from "../errors.js";
import { isStatelessVersion } from "../versions.js";

export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

/** A tool's task support; absent means `forbidden` (the 2025-11-25 `ToolExecution` default). */
export function taskSupportOf(route: ToolRoute): TaskSupport {
  return route.execution?.taskSupport ?? "forbidden";
}

/** Whether any tool can run as a task: only then is the extension advertised and `tasks/*` served. */
export function servesTasks(routes: RouteTable): boolean {
  for (const route of routes.tools.values()) if (taskSupportOf(route) !== "forbidden") return true;
  return false;
}

/** The `extensions` entry of the server capabilities for `version`, if any. */
export function tasksCapability(routes: RouteTable, version: string): Record<string, Record<string, unknown>> | undefined {
  return isStatelessVersion(version) && servesTasks(routes) ? { [TASKS_EXTENSION]: {} } : undefined;
}

/** Whether a request's client capabilities declare the extension (any object value: no settings are defined yet). */
export function clientNegotiatedTasks(clientCapabilities: Readonly<Record<string, unknown>>): boolean {
  const extensions = clientCapabilities.extensions;
  if (typeof extensions !== "object" || extensions === null) return false;
  const settings = (extensions as Record<string, unknown>)[TASKS_EXTENSION];
  return typeof settings === "object" && settings !== null && !Array.isArray(settings);
}

/** -32021 naming the extension, as SEP-2663 shows it. */
export function missingTasksExtension(why: string): McpError {
  return new McpError("missing_client_capability", `Missing required client capability: ${why} needs the ${TASKS_EXTENSION} extension`, {
    requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
  });
}

/**
 * The owner a task is bound to (SEP-2663, "Auth binding"): the caller's identity
 * (scheme, issuer, subject) within its tenant, or null on an open server without
 * tenants. Tasks of one owner are invisible to every other.
 */
export function ownerOf(context: Pick<RequestContext, "principal" | "tenant">): string | null {
  return ownerKey(context.principal, context.tenant);
}

/**
 * The server capabilities a routing table implies. Nothing is declared that the
 * table cannot serve: a method behind an undeclared capability answers -32601.
 */
import type { RouteTable } from "../routing/types.js";
import { tasksCapability } from "./tasks/extension.js";
import { versionAtLeast } from "./versions.js";

export type ServerCapabilities = Record<string, Record<string, unknown>>;

/** Whether any prompt or resource template offers argument completion. */
export function hasCompletions(routes: RouteTable): boolean {
  return [...routes.prompts.values(), ...routes.resourceTemplates].some((route) => route.completion !== undefined);
}

/**
 * `listChanged`: the server may replace its table while clients are connected
 * (`replaceRoutes`), so every family is declared, empty or not (a later table may add
 * the first prompt, and a client only asks for what was declared), with `listChanged: true`.
 */
export function serverCapabilities(routes: RouteTable, version: string, listChanged = false): ServerCapabilities {
  // Every handler may call ctx.log(), so logging is always on.
  const capabilities: ServerCapabilities = { logging: {} };
  // Any resource can be subscribed to (notifyResourceUpdated tells the subscribers).
  if (listChanged || routes.tools.size > 0) capabilities.tools = { listChanged };
  if (listChanged || routes.resources.size > 0 || routes.resourceTemplates.length > 0) {
    capabilities.resources = { subscribe: true, listChanged };
  }
  if (listChanged || routes.prompts.size > 0) capabilities.prompts = { listChanged };
  // The `completions` capability appeared in 2025-03-26; older clients just call the method.
  if (hasCompletions(routes) && versionAtLeast(version, "2025-03-26")) capabilities.completions = {};
  // Extensions are a 2026-07-28 notion; tasks is the one this server implements (SEP-2663).
  const tasks = tasksCapability(routes, version);
  if (tasks !== undefined) capabilities.extensions = tasks;
  return capabilities;
}

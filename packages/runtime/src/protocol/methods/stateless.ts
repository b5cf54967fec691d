/**
 * Methods only 2026-07-28 has: `server/discover` (server/discover) and
 * `subscriptions/listen` (basic/patterns/subscriptions).
 */
import type { ChangeListener } from "../connection.js";
import { RequestCancelled } from "../deadline.js";
import { McpError } from "../errors.js";
import type { MethodCall, MethodDefinition, MethodResult } from "../method.js";
import { META } from "../request-meta.js";
import { STATELESS_PROTOCOL_VERSIONS } from "../versions.js";
import { checkMayRead, resourceRouteOf } from "./resources.js";
import type { ListKind } from "../subscriptions.js";

async function discover(call: MethodCall): Promise<MethodResult> {
  const version = call.connection.protocolVersion;
  const instructions = call.routes.server.instructions;
  const result: Record<string, unknown> = { supportedVersions: STATELESS_PROTOCOL_VERSIONS, capabilities: call.state.capabilities(version) };
  if (instructions !== undefined) result.instructions = instructions;
  return result;
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Resolves when one of `ends` fires (the server shuts down, the transport connection
 * closes); rejects with the abort reason when the request itself is cancelled.
 */
function untilEnd(signal: AbortSignal, ends: readonly AbortSignal[]): Promise<void> {
  const all = [signal, ...ends];
  return new Promise<void>((resolve, reject) => {
    const finish = (): void => {
      for (const each of all) each.removeEventListener("abort", finish);
      if (signal.aborted) reject(signal.reason instanceof Error ? signal.reason : new RequestCancelled(undefined));
      else resolve();
    };
    if (all.some((each) => each.aborted)) return finish();
    for (const each of all) each.addEventListener("abort", finish, { once: true });
  });
}

/**
 * Whether a listen stream may carry updates of `uri`: it names a resource the caller
 * may read. The rest are left out of the acknowledgment, the subset a server honours.
 */
function mayListenTo(call: MethodCall, uri: string): boolean {
  const route = resourceRouteOf(call.routes, uri);
  if (route === undefined) return false;
  try {
    checkMayRead(call, route, uri);
    return true;
  } catch (error) {
    if (error instanceof McpError) return false;
    throw error;
  }
}

/** The SubscriptionFilter's list-changed flags and the list each watches. */
const LIST_FILTERS: readonly (readonly [string, ListKind])[] = [
  ["toolsListChanged", "tools"],
  ["resourcesListChanged", "resources"],
  ["promptsListChanged", "prompts"],
];

/**
 * Opens a notification stream. List changes are honoured when the server's table can
 * change (`listChanged`); otherwise they never fire and are left out of the
 * acknowledgment ("Notification types the server does not support are omitted").
 * Resource updates are honoured for URIs that name a resource. Ends with a result when the server shuts down or the client's connection
 * closes (stdio EOF: the result may still be read), and silently when the client
 * closes the stream or cancels.
 */
async function listen(call: MethodCall): Promise<MethodResult> {
  const { connection, context, subscriptions, routes } = call;
  const id = context.requestId;
  const tag = { [META.subscriptionId]: id };
  const notifications = record(call.params.notifications);
  const requested = notifications.resourceSubscriptions;
  const honoured: Record<string, unknown> = {};
  // Tasks extension (SEP-2663): notifications/tasks for the caller's own tasks; -32021 without the extension.
  const tasks = await call.tasks.watchable(call, notifications.taskIds);
  if (tasks !== undefined) honoured.taskIds = tasks.map((task) => task.taskId);
  // List changes only where the table can change (capabilities say listChanged), and only the lists asked for.
  const capabilities = call.state.capabilities(connection.protocolVersion);
  const lists = LIST_FILTERS.filter(([flag, kind]) => notifications[flag] === true && capabilities[kind]?.listChanged === true);
  for (const [flag] of lists) honoured[flag] = true;
  const uris = Array.isArray(requested) ? requested.filter((uri): uri is string => typeof uri === "string" && mayListenTo(call, uri)) : [];
  if (Array.isArray(requested) && (routes.resources.size > 0 || routes.resourceTemplates.length > 0)) honoured.resourceSubscriptions = uris;
  const listener: ChangeListener = {
    // Once cancelled, nothing more may go out for this request (basic/patterns/cancellation).
    notify: (method, params) => {
      if (!context.signal.aborted) connection.send({ jsonrpc: "2.0", method, params: { ...params, _meta: tag } }, id);
    },
  };
  // The acknowledgment comes first, so nothing tagged with this id can precede it.
  connection.send({ jsonrpc: "2.0", method: "notifications/subscriptions/acknowledged", params: { _meta: tag, notifications: honoured } }, id);
  const tenant = call.caller.tenant?.id;
  for (const uri of uris) subscriptions.subscribe(listener, uri, tenant);
  subscriptions.watchLists(
    listener,
    lists.map(([, kind]) => kind),
  );
  if (tasks !== undefined) call.tasks.watch(listener, tasks);
  const drop = (): void => {
    subscriptions.drop(listener);
    call.tasks.unwatch(listener);
  };
  // Dropped the moment the stream is cancelled, not when this function next runs.
  context.signal.addEventListener("abort", drop, { once: true });
  try {
    await untilEnd(context.signal, [call.shutdown, connection.ended]);
  } finally {
    drop();
  }
  return { _meta: tag };
}

export const statelessMethods: Readonly<Record<string, MethodDefinition>> = {
  "server/discover": { era: "stateless", handle: discover },
  "subscriptions/listen": { era: "stateless", waitsForEvents: true, handle: listen },
};

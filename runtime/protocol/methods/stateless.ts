/**
 * Methods only 2026-07-28 has: `server/discover` (server/discover) and
 * `subscriptions/listen` (basic/patterns/subscriptions).
 */
import { serverCapabilities } from "../capabilities.js";
import type { ChangeListener } from "../connection.js";
import { RequestCancelled } from "../deadline.js";
import type { MethodCall, MethodDefinition, MethodResult } from "../method.js";
import { META } from "../request-meta.js";
import { STATELESS_PROTOCOL_VERSIONS } from "../versions.js";
import { resourceExists } from "./resources.js";

async function discover(call: MethodCall): Promise<MethodResult> {
  const version = call.connection.protocolVersion;
  const instructions = call.routes.server.instructions;
  const result: Record<string, unknown> = { supportedVersions: STATELESS_PROTOCOL_VERSIONS, capabilities: serverCapabilities(call.routes, version) };
  if (instructions !== undefined) result.instructions = instructions;
  return result;
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Resolves when the server shuts down; rejects with the abort reason when the client goes. */
function untilEnd(signal: AbortSignal, shutdown: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const finish = (): void => {
      signal.removeEventListener("abort", finish);
      shutdown.removeEventListener("abort", finish);
      if (signal.aborted) reject(signal.reason instanceof Error ? signal.reason : new RequestCancelled(undefined));
      else resolve();
    };
    if (signal.aborted || shutdown.aborted) return finish();
    signal.addEventListener("abort", finish, { once: true });
    shutdown.addEventListener("abort", finish, { once: true });
  });
}

/**
 * Opens a notification stream. The routing table is frozen, so the list-changed types
 * never fire and are left out of the acknowledgment ("Notification types the server
 * does not support are omitted"); resource updates are honoured for URIs that name a
 * resource. Ends with a result when the server shuts down, and silently when the
 * client closes the stream or cancels.
 */
async function listen(call: MethodCall): Promise<MethodResult> {
  const { connection, context, subscriptions, routes } = call;
  const id = context.requestId;
  const tag = { [META.subscriptionId]: id };
  const requested = record(call.params.notifications).resourceSubscriptions;
  const honoured: Record<string, unknown> = {};
  const uris = Array.isArray(requested) ? requested.filter((uri): uri is string => typeof uri === "string" && resourceExists(routes, uri)) : [];
  if (Array.isArray(requested) && (routes.resources.size > 0 || routes.resourceTemplates.length > 0)) honoured.resourceSubscriptions = uris;
  const listener: ChangeListener = {
    notify: (method, params) => connection.send({ jsonrpc: "2.0", method, params: { ...params, _meta: tag } }, id),
  };
  // The acknowledgment comes first, so nothing tagged with this id can precede it.
  connection.send({ jsonrpc: "2.0", method: "notifications/subscriptions/acknowledged", params: { _meta: tag, notifications: honoured } }, id);
  for (const uri of uris) subscriptions.subscribe(listener, uri);
  try {
    await untilEnd(context.signal, call.shutdown);
  } finally {
    subscriptions.drop(listener);
  }
  return { _meta: tag };
}

export const statelessMethods: Readonly<Record<string, MethodDefinition>> = {
  "server/discover": { era: "stateless", handle: discover },
  "subscriptions/listen": { era: "stateless", handle: listen },
};

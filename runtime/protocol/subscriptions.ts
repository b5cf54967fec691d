/**
 * Resource subscriptions (server/resources, "Subscriptions"): which connections
 * asked to hear about which URIs, and the fan-out of `notifications/resources/updated`.
 *
 * Every server's registry is reachable from `notifyResourceUpdated`, so a handler or
 * a background job tells all subscribed clients about a change with one call, without
 * holding a reference to the server.
 */
import type { Connection } from "./connection.js";

export class ResourceSubscriptions {
  readonly #byUri = new Map<string, Set<Connection>>();
  readonly #byConnection = new WeakMap<Connection, Set<string>>();

  subscribe(connection: Connection, uri: string): void {
    let connections = this.#byUri.get(uri);
    if (!connections) this.#byUri.set(uri, (connections = new Set()));
    connections.add(connection);
    let uris = this.#byConnection.get(connection);
    if (!uris) this.#byConnection.set(connection, (uris = new Set()));
    uris.add(uri);
  }

  unsubscribe(connection: Connection, uri: string): void {
    const connections = this.#byUri.get(uri);
    connections?.delete(connection);
    if (connections?.size === 0) this.#byUri.delete(uri);
    this.#byConnection.get(connection)?.delete(uri);
  }

  /** Forgets everything a connection subscribed to (it disconnected). */
  drop(connection: Connection): void {
    for (const uri of this.#byConnection.get(connection) ?? []) this.unsubscribe(connection, uri);
    this.#byConnection.delete(connection);
  }

  /** Sends `notifications/resources/updated` to each subscriber of `uri`; returns how many. */
  notify(uri: string): number {
    const connections = this.#byUri.get(uri);
    for (const connection of connections ?? []) connection.send({ jsonrpc: "2.0", method: "notifications/resources/updated", params: { uri } });
    return connections?.size ?? 0;
  }
}

// Weak, so servers that are dropped (tests create many) do not stay alive through this set.
const registries = new Set<WeakRef<ResourceSubscriptions>>();

export function registerSubscriptions(subscriptions: ResourceSubscriptions): void {
  registries.add(new WeakRef(subscriptions));
}

/**
 * Tells every client subscribed to `uri`, on every server in this process, that the
 * resource changed; they may read it again. Returns how many subscribers were told.
 *
 * @example
 * ```ts
 * import { notifyResourceUpdated } from "turbomcp/runtime";
 * notifyResourceUpdated("notes://index");
 * ```
 */
export function notifyResourceUpdated(uri: string): number {
  let told = 0;
  for (const reference of registries) {
    const subscriptions = reference.deref();
    if (subscriptions === undefined) registries.delete(reference);
    else told += subscriptions.notify(uri);
  }
  return told;
}

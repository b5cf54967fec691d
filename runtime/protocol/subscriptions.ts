/**
 * Resource subscriptions: which listeners asked to hear about which URIs, and the
 * fan-out of `notifications/resources/updated`. A listener is a legacy connection
 * (`resources/subscribe`, ≤ 2025-11-25) or a 2026-07-28 `subscriptions/listen`
 * stream, which tags what it forwards with its subscription id.
 *
 * Every server's registry is reachable from `notifyResourceUpdated`, so a handler or
 * a background job tells all subscribed clients about a change with one call, without
 * holding a reference to the server.
 */
import type { ChangeListener } from "./connection.js";

export class ResourceSubscriptions {
  readonly #byUri = new Map<string, Set<ChangeListener>>();
  readonly #byListener = new WeakMap<ChangeListener, Set<string>>();

  subscribe(listener: ChangeListener, uri: string): void {
    let listeners = this.#byUri.get(uri);
    if (!listeners) this.#byUri.set(uri, (listeners = new Set()));
    listeners.add(listener);
    let uris = this.#byListener.get(listener);
    if (!uris) this.#byListener.set(listener, (uris = new Set()));
    uris.add(uri);
  }

  unsubscribe(listener: ChangeListener, uri: string): void {
    const listeners = this.#byUri.get(uri);
    listeners?.delete(listener);
    if (listeners?.size === 0) this.#byUri.delete(uri);
    this.#byListener.get(listener)?.delete(uri);
  }

  /** Forgets everything a listener subscribed to (it disconnected, or its stream ended). */
  drop(listener: ChangeListener): void {
    for (const uri of this.#byListener.get(listener) ?? []) this.unsubscribe(listener, uri);
    this.#byListener.delete(listener);
  }

  /** Sends `notifications/resources/updated` to each subscriber of `uri`; returns how many. */
  notify(uri: string): number {
    const listeners = this.#byUri.get(uri);
    for (const listener of listeners ?? []) listener.notify("notifications/resources/updated", { uri });
    return listeners?.size ?? 0;
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

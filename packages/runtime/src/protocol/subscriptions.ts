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

/**
 * One key per (tenant, URI): on a server with tenants, `notes://1` of one tenant is
 * another resource than `notes://1` of the next, so their subscribers never mix.
 * Tenant ids cannot hold a NUL.
 */
function keyOf(uri: string, tenant: string | undefined): string {
  return tenant === undefined ? uri : `${tenant}\u0000${uri}`;
}

/** The lists a client can hear have changed. */
export type ListKind = "tools" | "resources" | "prompts";
export const LIST_KINDS: readonly ListKind[] = ["tools", "resources", "prompts"];

/** The notification that says a list changed, in both eras. */
export function listChangedMethod(kind: ListKind): string {
  return `notifications/${kind}/list_changed`;
}

/** Publishes an update to every instance (the cluster bus), each of which then calls `deliver`. */
export type UpdatePublisher = (uri: string, tenant: string | undefined) => void;

export class ResourceSubscriptions {
  readonly #byKey = new Map<string, Set<ChangeListener>>();
  readonly #byListener = new WeakMap<ChangeListener, Set<string>>();
  #publish: UpdatePublisher | undefined;
  /** 2026-07-28 streams that asked for list changes (`toolsListChanged`, …), by list. */
  readonly #lists: Readonly<Record<ListKind, Set<ChangeListener>>> = { tools: new Set(), resources: new Set(), prompts: new Set() };

  /** A `subscriptions/listen` stream hears when these lists change, until it is dropped. */
  watchLists(listener: ChangeListener, kinds: readonly ListKind[]): void {
    for (const kind of kinds) this.#lists[kind].add(listener);
  }

  /** Tells the streams watching each changed list. */
  notifyListsChanged(changes: Readonly<Record<ListKind, boolean>>): void {
    for (const kind of LIST_KINDS) {
      if (!changes[kind]) continue;
      for (const listener of this.#lists[kind]) if (listener.delivers !== false) listener.notify(listChangedMethod(kind), {});
    }
  }

  subscribe(listener: ChangeListener, uri: string, tenant?: string): void {
    this.#add(listener, keyOf(uri, tenant));
  }

  #add(listener: ChangeListener, key: string): void {
    let listeners = this.#byKey.get(key);
    if (!listeners) this.#byKey.set(key, (listeners = new Set()));
    listeners.add(listener);
    let keys = this.#byListener.get(listener);
    if (!keys) this.#byListener.set(listener, (keys = new Set()));
    keys.add(key);
  }

  unsubscribe(listener: ChangeListener, uri: string, tenant?: string): void {
    this.#remove(listener, keyOf(uri, tenant));
  }

  #remove(listener: ChangeListener, key: string): void {
    const listeners = this.#byKey.get(key);
    listeners?.delete(listener);
    if (listeners?.size === 0) this.#byKey.delete(key);
    this.#byListener.get(listener)?.delete(key);
  }

  /** The keys a listener subscribed to, to share with other instances. */
  keysOf(listener: ChangeListener): string[] {
    return [...(this.#byListener.get(listener) ?? [])];
  }

  /** Makes a listener's subscriptions exactly `keys` (as another instance shared them). */
  replace(listener: ChangeListener, keys: readonly string[]): void {
    this.drop(listener);
    for (const key of keys) this.#add(listener, key);
  }

  /**
   * Several instances: from now on `notify` publishes each update for every instance
   * to `deliver` it, so subscribers anywhere hear of a change made anywhere, and each
   * from the one instance that holds its stream.
   */
  share(publish: UpdatePublisher): void {
    this.#publish = publish;
  }

  /** Forgets everything a listener subscribed to (it disconnected, or its stream ended). */
  drop(listener: ChangeListener): void {
    for (const kind of LIST_KINDS) this.#lists[kind].delete(listener);
    for (const key of this.#byListener.get(listener) ?? []) this.#remove(listener, key);
    this.#byListener.delete(listener);
  }

  /**
   * Sends `notifications/resources/updated` to each subscriber of `uri` in `tenant`
   * (or without one) this instance delivers to; returns how many. When shared, the
   * update is published instead, and delivered here when it comes back; the count is
   * then of the subscribers this instance will tell.
   */
  notify(uri: string, tenant?: string): number {
    if (this.#publish === undefined) return this.deliver(uri, tenant);
    this.#publish(uri, tenant);
    let told = 0;
    for (const listener of this.#byKey.get(keyOf(uri, tenant)) ?? []) if (listener.delivers !== false) told++;
    return told;
  }

  /** Tells this instance's subscribers of `uri` in `tenant`, skipping those another instance tells. */
  deliver(uri: string, tenant?: string): number {
    let told = 0;
    for (const listener of this.#byKey.get(keyOf(uri, tenant)) ?? []) {
      if (listener.delivers === false) continue;
      listener.notify("notifications/resources/updated", { uri });
      told++;
    }
    return told;
  }
}

// Weak, so servers that are dropped (tests create many) do not stay alive through this set.
const registries = new Set<WeakRef<ResourceSubscriptions>>();

export function registerSubscriptions(subscriptions: ResourceSubscriptions): void {
  registries.add(new WeakRef(subscriptions));
}

export interface NotifyOptions {
  /**
   * The tenant whose resource changed. On a server with tenants, subscribers are told
   * only about their own tenant's resources: without this, only subscribers without a
   * tenant hear of the change.
   */
  readonly tenant?: string;
}

/**
 * Tells every client subscribed to `uri` (in `options.tenant`), on every server in
 * this process, that the resource changed; they may read it again. Returns how many
 * subscribers were told.
 *
 * @example
 * ```ts
 * import { notifyResourceUpdated } from "@turbomcp/runtime";
 * notifyResourceUpdated("notes://index");
 * notifyResourceUpdated("notes://index", { tenant: "acme" }); // on a server with tenants
 * ```
 */
export function notifyResourceUpdated(uri: string, options: NotifyOptions = {}): number {
  let told = 0;
  for (const reference of registries) {
    const subscriptions = reference.deref();
    if (subscriptions === undefined) registries.delete(reference);
    else told += subscriptions.notify(uri, options.tenant);
  }
  return told;
}

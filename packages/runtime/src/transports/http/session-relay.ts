/**
 * Carries a shared session's traffic between the instances that serve it (the
 * `cluster` option), over the cluster bus:
 *
 * - a message for the client's GET stream goes to the topic `stream:<id>`, which
 *   only the instance holding that stream listens to;
 * - on the `sessions` topic every instance hears that a session ended for all, that
 *   its state changed (`logging/setLevel`), that a newer GET stream opened elsewhere,
 *   and the client's answers and cancellations that reached another instance than the
 *   one they concern (each instance settles or cancels what it has, the others ignore
 *   them: server→client request ids are unique per connection);
 * - on the `resources` topic every instance hears each resource update, from
 *   whichever instance `notifyResourceUpdated` was called on, and tells the
 *   subscribers whose stream it holds (every instance knows every session's
 *   subscriptions from its record), so each subscriber hears it once.
 *
 * A POST's own reply and the messages related to it never cross: the request runs
 * where its POST arrived.
 */
import type { BusSubscription, ClusterBus } from "../../cluster/bus.js";
import type { McpServer } from "../../protocol/create-server.js";
import { isRecord } from "../../protocol/is-record.js";
import type { JsonRpcNotification, JsonRpcResponse } from "../../protocol/jsonrpc.js";
import type { ServerLogger } from "../../protocol/logger.js";
import type { SessionRecord } from "../../sessions/store.js";
import type { SessionState } from "../../protocol/connection.js";
import type { ServerResponse } from "node:http";
import type { Session } from "./session.js";
import type { HttpSessions } from "./sessions.js";

const SESSIONS_TOPIC = "sessions";
const RESOURCES_TOPIC = "resources";
const streamTopic = (id: string): string => `stream:${id}`;

type Event =
  | { readonly t: "ended" | "claimed"; readonly id: string; readonly from: string }
  | { readonly t: "changed"; readonly id: string; readonly from: string; readonly state: SessionState }
  | { readonly t: "response"; readonly id: string; readonly from: string; readonly message: JsonRpcResponse }
  | { readonly t: "cancel"; readonly id: string; readonly from: string; readonly message: JsonRpcNotification };

const KINDS = new Set(["ended", "changed", "claimed", "response", "cancel"]);

function parseEvent(text: string): Event | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value) || typeof value.t !== "string" || !KINDS.has(value.t) || typeof value.id !== "string" || typeof value.from !== "string")
      return undefined;
    if ((value.t === "response" || value.t === "cancel") && !isRecord(value.message)) return undefined;
    if (value.t === "changed" && !isState(value.state)) return undefined;
    return value as unknown as Event;
  } catch {
    return undefined;
  }
}

function isState(value: unknown): value is SessionState {
  return (
    isRecord(value) &&
    typeof value.protocolVersion === "string" &&
    isRecord(value.clientCapabilities) &&
    (value.logLevel === undefined || typeof value.logLevel === "string") &&
    (value.subscriptions === undefined || (Array.isArray(value.subscriptions) && value.subscriptions.every((key) => typeof key === "string")))
  );
}

/** The protocol state a record carries, for the server serving a restored session. */
export function stateOf(record: SessionRecord): SessionState {
  return {
    protocolVersion: record.protocolVersion ?? "",
    clientCapabilities: record.clientCapabilities ?? {},
    logLevel: record.logLevel,
    subscriptions: record.subscriptions ?? [],
  };
}

interface ResourceUpdate {
  readonly uri: string;
  readonly tenant?: string;
}

function parseUpdate(text: string): ResourceUpdate | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value) || typeof value.uri !== "string" || (value.tenant !== undefined && typeof value.tenant !== "string")) return undefined;
    return value as unknown as ResourceUpdate;
  } catch {
    return undefined;
  }
}

export class SessionRelay {
  readonly #subscription: BusSubscription;
  readonly #updates: BusSubscription;

  constructor(
    private readonly bus: ClusterBus,
    private readonly server: McpServer,
    private readonly sessions: HttpSessions,
    private readonly logger: ServerLogger,
  ) {
    this.#subscription = bus.subscribe(SESSIONS_TOPIC, this.#onEvent);
    const deliver = server.shareResourceUpdates(
      (uri, tenant) => void bus.publish(RESOURCES_TOPIC, JSON.stringify(tenant === undefined ? { uri } : { uri, tenant })),
    );
    this.#updates = bus.subscribe(RESOURCES_TOPIC, (text) => {
      const update = parseUpdate(text);
      if (update === undefined) this.logger.warn("cluster bus: ignored a malformed resource update");
      else deliver(update.uri, update.tenant);
    });
  }

  /** Resolves once this instance hears the others. */
  get ready(): Promise<void> {
    return Promise.all([this.#subscription.ready, this.#updates.ready]).then(() => undefined);
  }

  /** A message for the session's GET stream, which this instance does not hold: to whichever instance does (dropped when none). */
  toStream(id: string, json: string): void {
    void this.bus.publish(streamTopic(id), json);
  }

  /**
   * This instance holds the session's GET stream now: what other instances send it
   * is written to `res` until it closes, and an older stream elsewhere is ended.
   * Resolves once listening, so nothing sent after the stream opens is missed.
   */
  async listen(session: Session, res: ServerResponse): Promise<void> {
    const subscription = this.bus.subscribe(streamTopic(session.id), (json) => {
      if (session.standalone === res) session.writeStandalone(json);
    });
    res.once("close", () => subscription.close());
    await subscription.ready;
    void this.#publish({ t: "claimed", id: session.id, from: this.bus.instanceId });
  }

  /** The session ended for all (DELETE, request limit): the other instances let go of their copies. */
  ended(id: string): void {
    void this.#publish({ t: "ended", id, from: this.bus.instanceId });
  }

  /** The session's state changed here (and is in the store already): the other instances' copies take it. */
  /** Resolves once the other instances have been sent the change (the reply that set it waits for this). */
  changed(id: string, state: SessionState): Promise<void> {
    return this.#publish({ t: "changed", id, from: this.bus.instanceId, state });
  }

  /** A client's answer to a server→client request no request here waits for: to the instance that asked. */
  forwardResponse(session: Session, message: JsonRpcResponse): void {
    void this.#publish({ t: "response", id: session.id, from: this.bus.instanceId, message });
  }

  /** A client's `notifications/cancelled`: the request may run on another instance. */
  forwardCancel(session: Session, message: JsonRpcNotification): void {
    void this.#publish({ t: "cancel", id: session.id, from: this.bus.instanceId, message });
  }

  close(): void {
    this.#subscription.close();
    this.#updates.close();
  }

  #publish(event: Event): Promise<void> {
    return this.bus.publish(SESSIONS_TOPIC, JSON.stringify(event));
  }

  readonly #onEvent = (text: string): void => {
    const event = parseEvent(text);
    if (event === undefined) return this.logger.warn("cluster bus: ignored a malformed session event");
    if (event.from === this.bus.instanceId) return;
    const session = this.sessions.get(event.id);
    if (session === undefined) return;
    switch (event.t) {
      case "ended":
        return this.sessions.release(event.id);
      case "claimed":
        return session.endStandalone();
      case "changed":
        this.server.restoreSession(session.peer, event.state);
        return;
      case "response":
        this.server.settle(session.peer, event.message);
        return;
      case "cancel":
        void this.server.handle({ kind: "notification", message: event.message }, session.peer);
        return;
    }
  };
}

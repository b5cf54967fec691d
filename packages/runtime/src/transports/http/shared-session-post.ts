/**
 * What a POST does differently when sessions are shared between instances (the
 * `cluster` option): state that `initialize`, `logging/setLevel` and
 * `resources/(un)subscribe` set reaches the
 * store before their reply leaves, and the client's answers and cancellations that
 * concern a request on another instance go there over the bus.
 */
import { errorResponse, type JsonRpcRequest, type JsonRpcResponse, type ParsedMessage } from "../../protocol/jsonrpc.js";
import type { Caller } from "../../protocol/caller.js";
import type { Endpoint } from "./endpoint.js";
import type { ExchangeOptions } from "./exchange.js";
import type { Session } from "./session.js";
import type { SessionRelay } from "./session-relay.js";

/** The methods whose success changes what every instance must know of the session. */
const STATEFUL = new Set(["initialize", "logging/setLevel", "resources/subscribe", "resources/unsubscribe"]);

/**
 * For a shared session's `initialize`, `logging/setLevel` or `resources/(un)subscribe`: holds a successful reply
 * until the session's state is in the store (and, for a change, the other instances
 * are told), so the client's next request finds it on whichever instance it reaches.
 * An `initialize` whose owner already holds `maxSessionsPerPrincipal` sessions across
 * the instances is answered 429 instead, and its session ends.
 */
export function sharedStateHold(request: JsonRpcRequest, session: Session, endpoint: Endpoint): ExchangeOptions | undefined {
  const { relay } = endpoint;
  if (relay === undefined || !STATEFUL.has(request.method)) return undefined;
  return {
    hold: (response: JsonRpcResponse) => {
      if (!("result" in response)) return undefined;
      const state = endpoint.server.sessionState(session.peer);
      if (state === undefined) return undefined;
      return endpoint.sessions.share(session, state).then((refused) => {
        // initialize over the owner's sessions on all instances: the refusal replaces the result.
        if (refused !== undefined) return errorResponse(response.id, refused);
        // A change waits until the other instances have been sent it: the client's next
        // request, on any of them, must not find the session as it was.
        if (request.method !== "initialize") return relay.changed(session.id, state).then(() => undefined);
        return undefined;
      });
    },
  };
}

/**
 * A notification or response from the client of a shared session, after the 202: a
 * response settles the server→client request waiting here or goes to the instance
 * that waits for it; `notifications/cancelled` cancels here and on the other
 * instances, as the request may run on any of them.
 */
export async function relayClientMessage(parsed: ParsedMessage, session: Session, endpoint: Endpoint, relay: SessionRelay, caller: Caller): Promise<void> {
  if (parsed.kind === "response") {
    if (!endpoint.server.settle(session.peer, parsed.message)) relay.forwardResponse(session, parsed.message);
    return;
  }
  if (parsed.kind === "notification" && parsed.message.method === "notifications/cancelled") relay.forwardCancel(session, parsed.message);
  await endpoint.server.handle(parsed, session.peer, caller);
}

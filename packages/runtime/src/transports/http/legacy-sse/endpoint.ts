/**
 * What the legacy SSE POST handling shares, whether the message was POSTed to the
 * instance holding the session's stream or carried there over the cluster bus: the
 * server, the sessions, the options, and how a taken message is served.
 */
import { inSession, type Caller } from "../../../protocol/caller.js";
import type { McpServer } from "../../../protocol/create-server.js";
import type { ParsedMessage } from "../../../protocol/jsonrpc.js";
import type { ResolvedLegacySseOptions } from "./options.js";
import type { LegacySseRelay } from "./relay.js";
import type { LegacySseSession, LegacySseSessions } from "./session.js";

export interface LegacySseEndpoint {
  readonly server: McpServer;
  readonly sessions: LegacySseSessions;
  readonly options: ResolvedLegacySseOptions;
  /** Set with the `cluster` option: how POSTs reach the instance holding their stream. */
  readonly relay: LegacySseRelay | undefined;
}

/**
 * A broken response or notification: JSON-RPC forbids answering it on the stream, so
 * the POST itself is answered 400, once the session is known to be the caller's.
 */
export function isUnanswerable(parsed: ParsedMessage): parsed is Extract<ParsedMessage, { kind: "invalid" }> {
  return parsed.kind === "invalid" && parsed.reply === null;
}

/**
 * Hands a message its session took to the server; any reply (including the error for
 * an answerable malformed message) goes on the stream through the session's peer. The
 * caller is who sent it, as the security layer established it (ctx.principal,
 * ctx.tenant, scopes), in this session.
 */
export async function serveOnStream(server: McpServer, session: LegacySseSession, parsed: ParsedMessage, caller: Caller): Promise<void> {
  if (isUnanswerable(parsed)) return;
  await server.handle(parsed, session.peer, inSession(caller, session.id));
}

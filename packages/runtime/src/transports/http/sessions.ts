/**
 * The Streamable HTTP endpoint's sessions: the session manager (runtime/sessions)
 * holding this transport's `Session`s. Ending one closes its streams and tells the
 * server its peer is gone, so pending server→client requests fail at once.
 */
import type { McpServer } from "../../protocol/create-server.js";
import { SessionManager } from "../../sessions/manager.js";
import type { ResolvedHttpOptions } from "./options.js";
import type { Session } from "./session.js";

export type HttpSessions = SessionManager<Session>;

export function createHttpSessions(server: McpServer, options: ResolvedHttpOptions, onEndEverywhere?: (id: string) => void): HttpSessions {
  return new SessionManager<Session>({
    ...options.sessions,
    logger: options.logger,
    restartHint: "initialize a new session",
    onEnd: (session) => server.disconnect(session.peer),
    ...(onEndEverywhere === undefined ? {} : { onEndEverywhere }),
  });
}

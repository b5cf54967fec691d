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

export interface HttpSessionHooks {
  /** Shared sessions: the session ended for all (see `SessionManagerOptions.onEndEverywhere`). */
  readonly onEndEverywhere?: (id: string) => void;
  /** The session ended (not merely released here): what is kept for it can go. */
  readonly onEnded?: (id: string) => void;
}

export function createHttpSessions(server: McpServer, options: ResolvedHttpOptions, hooks: HttpSessionHooks = {}): HttpSessions {
  const { onEndEverywhere, onEnded } = hooks;
  return new SessionManager<Session>({
    ...options.sessions,
    logger: options.logger,
    restartHint: "initialize a new session",
    onEnd: (session, reason) => {
      server.disconnect(session.peer);
      if (reason !== "released") onEnded?.(session.id);
    },
    ...(onEndEverywhere === undefined ? {} : { onEndEverywhere }),
  });
}

/**
 * Legacy SSE sessions behind a load balancer without stickiness (the `cluster`
 * option). A session's stream lives on the instance that opened it, the holder; a
 * POST for it may reach any instance. That instance checks the POST as usual (body,
 * Content-Type, the caller's admission), reads the session's record from the shared
 * store (no record, or another owner's: 404 at once), then carries the message over
 * the bus to the topic `legacy-sse:<id>`, which only the holder listens to. The holder
 * counts it against the session and checks its owner again (`SessionManager.use`),
 * answers on the receiving instance's own topic, and serves it as if it had been
 * POSTed there: replies go on the stream. The POST gets 202 once the holder took the
 * message, 404 when it refused it or no instance answered in time (its stream is
 * gone), so a 202 never stands for a message that went nowhere.
 */
import { randomUUID } from "node:crypto";
import type { BusSubscription, ClusterBus } from "../../../cluster/bus.js";
import { sessionOwner, type Caller } from "../../../protocol/caller.js";
import type { McpServer } from "../../../protocol/create-server.js";
import { McpError } from "../../../protocol/errors.js";
import type { ParsedMessage } from "../../../protocol/jsonrpc.js";
import type { ServerLogger } from "../../../protocol/logger.js";
import { serveOnStream } from "./endpoint.js";
import type { LegacySseCluster } from "./options.js";
import { encodePost, parseAnswer, parsePost, type RelayAnswer, type RelayedPost } from "./relay-messages.js";
import type { LegacySseSession, LegacySseSessions } from "./session.js";
import type { TrackedStore } from "./tracked-store.js";

const postsTopic = (sessionId: string): string => `legacy-sse:${sessionId}`;
const answersTopic = (instanceId: string): string => `legacy-sse-answers:${instanceId}`;

const notFound = (): McpError => new McpError("session_not_found", "Session not found: open a new SSE stream");

export class LegacySseRelay {
  readonly #bus: ClusterBus;
  readonly #timeoutMs: number;
  /** POSTs waiting for the holder's answer, by ref. */
  readonly #pending = new Map<string, (refusal: McpError | undefined) => void>();
  /** The sessions whose stream this instance holds: their topic's subscription. */
  readonly #held = new Map<string, BusSubscription>();
  readonly #answers: BusSubscription;
  #storeFailing = false;
  #closed = false;

  constructor(
    cluster: LegacySseCluster,
    private readonly server: McpServer,
    private readonly sessions: LegacySseSessions,
    private readonly store: TrackedStore,
    private readonly logger: ServerLogger,
  ) {
    this.#bus = cluster.bus;
    this.#timeoutMs = cluster.timeoutMs;
    this.#answers = this.#bus.subscribe(answersTopic(this.#bus.instanceId), this.#onAnswer);
  }

  /**
   * The holder's side, for a session whose stream opened here: listen for the POSTs
   * other instances receive for it. Resolves once they can reach it: listening, and
   * its record (with its owner) in the store.
   */
  async hold(session: LegacySseSession): Promise<void> {
    const subscription = this.#bus.subscribe(postsTopic(session.id), (text) => this.#take(session.id, text));
    this.#held.set(session.id, subscription);
    await Promise.all([subscription.ready, this.store.written(session.id)]);
  }

  /**
   * The session ended here (its stream closed, its request limit, shutdown). Its
   * topic is left once the record's deletion has landed: until then an instance may
   * still find the record and relay a POST, which this one refuses at once.
   */
  release(id: string): void {
    const subscription = this.#held.get(id);
    if (subscription === undefined) return;
    void this.store.written(id).then(() => {
      subscription.close();
      if (this.#held.get(id) === subscription) this.#held.delete(id);
    });
  }

  /**
   * The receiving side, for a session this instance does not hold: undefined once the
   * holder took the message, else the error the POST gets.
   */
  async forward(sessionId: string, message: ParsedMessage, caller: Caller): Promise<McpError | undefined> {
    const known = await this.#lookUp(sessionId, caller);
    if (known !== undefined) return known;
    await this.#answers.ready;
    if (this.#closed) return new McpError("server_shutting_down", "Server is shutting down");
    const ref = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(notFound()), this.#timeoutMs);
      const settle = (refusal: McpError | undefined): void => {
        clearTimeout(timer);
        this.#pending.delete(ref);
        resolve(refusal);
      };
      this.#pending.set(ref, settle);
      void this.#bus.publish(postsTopic(sessionId), encodePost(this.#bus.instanceId, ref, caller, message));
    });
  }

  /**
   * Stops forwarding; POSTs still waiting get 503. Call it after the sessions ended:
   * their topics are left as `release` leaves them, once their records are gone.
   */
  close(): void {
    this.#closed = true;
    this.#answers.close();
    const shuttingDown = new McpError("server_shutting_down", "Server is shutting down");
    for (const settle of [...this.#pending.values()]) settle(shuttingDown);
  }

  /**
   * The record answers what it can at once: no record, no session on any instance; a
   * record of another owner, a session that is not the caller's (the same 404, on
   * purpose). The holder checks again; if the store cannot be read, it alone decides.
   */
  async #lookUp(sessionId: string, caller: Caller): Promise<McpError | undefined> {
    try {
      const record = await this.store.get(sessionId);
      if (this.#storeFailing) this.logger.warn("legacy SSE: session store reads succeed again");
      this.#storeFailing = false;
      return record === undefined || record.owner !== sessionOwner(caller) ? notFound() : undefined;
    } catch (error) {
      // Once per outage: a store that is down would otherwise log on every POST.
      if (!this.#storeFailing) this.logger.error("legacy SSE: session store read failed; POSTs go to the instance holding the stream unchecked here", error);
      this.#storeFailing = true;
      return undefined;
    }
  }

  /** On the holder: a POST another instance received, counted and owner-checked here as if it had been POSTed here. */
  #take(sessionId: string, text: string): void {
    const post = parsePost(text);
    if (post === undefined) return this.logger.warn("cluster bus: ignored a malformed legacy SSE message");
    const session = this.sessions.use(sessionId, sessionOwner(post.caller));
    if (session instanceof McpError) return this.#answer(post, { ref: post.ref, taken: false, refusal: session.message });
    this.#answer(post, { ref: post.ref, taken: true });
    serveOnStream(this.server, session, post.message, post.caller).catch((error: unknown) => this.logger.error("legacy SSE message handling failed", error));
  }

  #answer(post: RelayedPost, answer: RelayAnswer): void {
    void this.#bus.publish(answersTopic(post.from), JSON.stringify(answer));
  }

  readonly #onAnswer = (text: string): void => {
    const answer = parseAnswer(text);
    if (answer === undefined) return this.logger.warn("cluster bus: ignored a malformed legacy SSE answer");
    this.#pending.get(answer.ref)?.(answer.taken ? undefined : new McpError("session_not_found", answer.refusal));
  };
}

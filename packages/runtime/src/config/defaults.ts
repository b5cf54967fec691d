/**
 * Run-time defaults, each defined exactly once. Options and route policies override
 * them; nothing else in the runtime may hard-code these values.
 */

/** A handler that runs longer is aborted (`ctx.signal`) and answered with a timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/**
 * Level (a `LogLevel`) below which `ctx.log()` messages are not sent until the client
 * calls `logging/setLevel`. `info` keeps debug chatter off the wire by default.
 */
export const DEFAULT_LOG_LEVEL = "info";

/**
 * Deepest nesting of arrays and objects a message may have. Real MCP messages stay
 * far below; a deeper one is refused (-32600) before recursive code (validators,
 * serialisation) could overflow the stack on it.
 */
export const DEFAULT_MAX_JSON_DEPTH = 128;

/** MCP caps one `completion/complete` answer at 100 values (server/utilities/completion). */
export const MAX_COMPLETION_VALUES = 100;

/** Transports `runMain` can start, in the order the help text lists them. */
export const SUPPORTED_TRANSPORTS = ["stdio", "http", "ws", "tcp", "unix"] as const;
export const DEFAULT_TRANSPORT = "stdio";

/**
 * After stdin ends and every request is answered, a handler's stray timer could keep
 * the process alive; `runMain` exits anyway after this long.
 */
export const DEFAULT_EXIT_GRACE_MS = 2_000;

/**
 * Streamable HTTP, WebSocket and TCP: bind loopback only unless told otherwise
 * (basic/transports, security warning).
 */
export const DEFAULT_HTTP_HOST = "127.0.0.1";
export const DEFAULT_HTTP_PORT = 3000;
/** The one MCP endpoint path (Streamable HTTP and WebSocket). */
export const DEFAULT_HTTP_PATH = "/mcp";

/** Largest POST body read; larger ones get 413 before being buffered. */
export const DEFAULT_HTTP_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Time allowed to receive a whole request (headers and body): bounds slow-loris clients. */
export const DEFAULT_HTTP_REQUEST_TIMEOUT_MS = 30_000;

/** A session with no request, no open stream and no traffic for this long is ended. */
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;

/**
 * Whether Streamable HTTP gives 2025-era clients a session (`Mcp-Session-Id`). The spec
 * lets a server go without ("MAY assign a session ID"); `"stateless"` does, for
 * deployments behind a balancer that spreads a client's requests over instances.
 * 2026-07-28 requests are stateless in either mode.
 */
export type SessionMode = "stateful" | "stateless";

/** Sessions by default: server→client requests, subscriptions and `logging/setLevel` need one. */
export const DEFAULT_SESSION_MODE: SessionMode = "stateful";

/** Sessions held at once; initialize beyond this is refused (503, `server_busy`) until some end. */
export const DEFAULT_MAX_SESSIONS = 10_000;

/**
 * Sessions one owner (an identity within its tenant) may hold at once in a process:
 * without a quota, one principal could fill the session table and lock every other
 * caller out. Anonymous sessions have no owner; the per-IP limit bounds them.
 */
export const DEFAULT_MAX_SESSIONS_PER_PRINCIPAL = 100;

/**
 * Requests one caller (an identity within its tenant) may have in progress at once
 * under `runMain`: generous for an agent, which rarely runs more than a few tools at a
 * time, and small beside what one process serves, so one principal cannot occupy it.
 */
export const DEFAULT_MAX_CONCURRENT_PER_PRINCIPAL = 64;

/** On close, connections still open after this long are cut. */
export const DEFAULT_HTTP_CLOSE_GRACE_MS = 1_000;

/**
 * Draining HTTP: a kept-alive connection is closed once it has carried nothing for
 * this long (each request on it meanwhile is answered with `Connection: close`).
 * Closing an idle connection at once races with a request the client is sending on
 * it right then (it sees ECONNRESET); one idle this long is not in use, and is as
 * safe to close as at Node's own keep-alive timeout (5 s). Bounded by the drain deadline.
 */
export const DEFAULT_HTTP_DRAIN_IDLE_MS = 1_000;

/**
 * Draining HTTP: before the listening socket closes, connections the kernel has
 * already completed and queued are taken in (Node takes one per turn of its event
 * loop) for at most this long, and served with `Connection: close`: closing the
 * socket would reset them, and their clients have sent their requests already.
 */
export const DEFAULT_HTTP_DRAIN_ACCEPT_MS = 1_000;

/**
 * After a 413 sent before the body was read, the rest of the body is read and
 * dropped for at most this long before the connection closes: closing with unread
 * data makes the kernel reset the connection, and the client (a Node client still
 * writing) then sees EPIPE or ECONNRESET instead of the 413 (RFC 9112 §9.6).
 */
export const DEFAULT_HTTP_LINGER_MS = 5_000;

/** The most of a refused body read and dropped before the connection is cut anyway (see `DEFAULT_HTTP_LINGER_MS`). */
export const DEFAULT_HTTP_LINGER_MAX_BYTES = 8 * 1024 * 1024;

/** Legacy HTTP+SSE transport (2024-11-05): GET here opens the stream. */
export const DEFAULT_LEGACY_SSE_PATH = "/sse";
/** Legacy HTTP+SSE transport: where clients POST, named in the stream's `endpoint` event. */
export const DEFAULT_LEGACY_MESSAGES_PATH = "/messages";

/**
 * Legacy SSE sessions held at once. Lower than `DEFAULT_MAX_SESSIONS` because each
 * one pins an open connection (a file descriptor) for its whole life.
 */
export const DEFAULT_LEGACY_SSE_MAX_SESSIONS = 1_000;

/**
 * How long a legacy SSE POST that reached another instance than the one holding its
 * stream waits for that instance to take it over the cluster bus; without an answer by
 * then no instance holds the session, and the POST gets 404. Loopback Redis answers in
 * about a millisecond.
 */
export const DEFAULT_LEGACY_SSE_RELAY_TIMEOUT_MS = 5_000;

/**
 * Cache hints on 2026-07-28 list and discover results (server/utilities/caching). The
 * routing table is frozen, so lists change only with a new deploy: five minutes, and
 * `public` since they hold no caller data.
 */
export const DEFAULT_LIST_CACHE_HINT = { ttlMs: 5 * 60_000, cacheScope: "public" } as const;

/** Cache hints on 2026-07-28 `resources/read` results: content may be per caller and change any time. */
export const DEFAULT_READ_CACHE_HINT = { ttlMs: 0, cacheScope: "private" } as const;

/**
 * How long a 2026-07-28 `requestState` stays valid: the time a user has to answer an
 * input request (an elicitation form) before the client retries.
 */
export const DEFAULT_REQUEST_STATE_TTL_MS = 15 * 60_000;

/** Environment variable holding the `requestState` key that instances behind one load balancer share. */
export const REQUEST_STATE_SECRET_ENV = "TURBOMCP_REQUEST_STATE_SECRET";

/** SSE comment lines keep long streams (subscriptions/listen, GET) open through idle proxies. */
export const DEFAULT_SSE_KEEPALIVE_MS = 15_000;

/** WebSocket: a port of its own, so it can run beside the HTTP transport's default. */
export const DEFAULT_WS_PORT = 3001;

/** TCP (newline-delimited JSON-RPC): a port of its own, beside HTTP and WebSocket. */
export const DEFAULT_TCP_PORT = 3002;

/**
 * Largest message a WebSocket frame or a TCP/Unix line may carry. Checked while
 * bytes arrive, so a client that never ends a message cannot exhaust memory.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * WebSocket keep-alive: a ping this often; a socket that has not answered the
 * previous ping by the next one is dead (a vanished laptop sends no FIN) and is cut.
 */
export const DEFAULT_WS_PING_INTERVAL_MS = 30_000;

/** TCP keep-alive probes after this much silence, so half-open connections are noticed. */
export const DEFAULT_TCP_KEEPALIVE_MS = 60_000;

/**
 * WebSocket, TCP and Unix: on close, connections still open after this long are
 * cut; also how long a connection refused mid-stream is drained before it is cut.
 */
export const DEFAULT_SOCKET_CLOSE_GRACE_MS = 1_000;

/**
 * Tasks extension (io.modelcontextprotocol/tasks, SEP-2663): how long a task stays
 * readable after it was created. A task must remain retrievable for its whole
 * `ttlMs`, so this also bounds how long a finished result is kept.
 */
export const DEFAULT_TASK_TTL_MS = 60 * 60_000;

/** The `pollIntervalMs` suggested to clients polling `tasks/get`. */
export const DEFAULT_TASK_POLL_INTERVAL_MS = 1_000;

/** Tasks the in-memory store holds at once (finished ones until they expire); beyond it new tasks are refused. */
export const DEFAULT_MAX_TASKS = 10_000;

/** Tasks in Redis live under this prefix (`task:<task id>`, the `index` sorted set, `runner:<instance id>`). */
export const DEFAULT_TASK_REDIS_PREFIX = "turbomcp:tasks:";

/**
 * Liveness of tasks in a shared store: an instance running tasks keeps a heartbeat key
 * in Redis that lives this long unless refreshed. Once it lapses (the instance was
 * killed, lost Redis, or stalled for that long), any instance reading one of its
 * unfinished tasks marks it `failed`. A few seconds: long beside a GC pause or a
 * Redis failover, short beside a client's patience.
 */
export const DEFAULT_TASK_LEASE_MS = 6_000;

/** The heartbeat is refreshed this many times per lease, so two refreshes in a row can fail or run late before it lapses. */
export const TASK_LEASE_REFRESHES = 3;

/**
 * On close, how long a shared task store waits for the tasks its instance still runs
 * (the server's close has cancelled them) to write their final state before it stops
 * vouching for them. A handler that honours `ctx.signal` ends within milliseconds; one
 * that does not is reported failed by the other instances once the lease lapses.
 */
export const DEFAULT_TASK_CLOSE_WAIT_MS = 1_000;

/**
 * How long a task-supporting tool runs before the call becomes a task, when the
 * manifest sets no `execution.taskAfterMs`: 0, so a task-capable client always gets
 * a task. A larger value lets fast calls answer directly and lets a tool ask its
 * questions as input-required rounds before its long work starts.
 */
export const DEFAULT_TASK_AFTER_MS = 0;

/** Health endpoints (no auth: orchestrators probe them); `/health` itself answers with details. */
export const DEFAULT_HEALTH_PATH = "/health";
export const DEFAULT_HEALTH_LIVE_PATH = "/health/live";
export const DEFAULT_HEALTH_READY_PATH = "/health/ready";

/**
 * A custom health check still running after this long counts as failed, so a hung
 * dependency turns readiness false instead of hanging the probe. Kubernetes gives a
 * probe 1 s by default: set its `timeoutSeconds` above the slowest check's timeout.
 */
export const DEFAULT_HEALTH_CHECK_TIMEOUT_MS = 2_000;

/** Prometheus scrape endpoint. */
export const DEFAULT_METRICS_PATH = "/metrics";

/** Prefix of the runtime's own metric names (`mcp_requests_total`, …); default process metrics keep their standard names. */
export const DEFAULT_METRICS_PREFIX = "mcp_";

/**
 * Request latency buckets, in seconds: from sub-millisecond protocol calls (ping,
 * lists) to tool calls that run up to the default 60 s timeout.
 */
export const DEFAULT_LATENCY_BUCKETS_SECONDS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Distinct tool names the metrics label when the server did not list its tools:
 * `tools/call` names come from clients, and each new label value is a new time
 * series, so unknown names beyond this become `other`.
 */
export const DEFAULT_METRICS_MAX_TOOL_LABELS = 500;

/**
 * Audit lines held in memory while the destination (a pipe nobody reads, a full
 * disk) accepts nothing; beyond this, lines are dropped and the drop is reported
 * rather than the process growing without bound.
 */
export const DEFAULT_AUDIT_MAX_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * Audit lines are collected for at most this long and handed to the destination as
 * one write: a write per line cost a stdio server a third of its CPU time at one
 * call in flight (a thread-pool round trip each). It is also how much a hard crash
 * (SIGKILL, out of memory) can lose on top of what the destination itself holds.
 */
export const DEFAULT_AUDIT_FLUSH_MS = 10;

/** A batch this long (in characters) is written at once, without waiting for the window. */
export const DEFAULT_AUDIT_BATCH_CHARS = 64 * 1024;

/**
 * Keys redacted wherever they appear in logged tool/prompt arguments (an opt-in),
 * on top of the paths the application names.
 */
export const DEFAULT_AUDIT_REDACT_KEYS: readonly string[] = [
  "authorization",
  "password",
  "secret",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "apiKey",
  "api_key",
  "clientSecret",
  "client_secret",
  "cookie",
  "requestState",
];

/** RFC 6750 realm in the `WWW-Authenticate: Bearer` challenges of 401 and 403 answers. */
export const DEFAULT_AUTH_REALM = "mcp";

/** Remote JWKS: the key set is refetched after this long even when every `kid` is known. */
export const DEFAULT_JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;

/**
 * Remote JWKS: a token with an unknown `kid` triggers a refetch (key rotation) at most
 * this often, so a flood of forged kids cannot make the server hammer the issuer.
 */
export const DEFAULT_JWKS_COOLDOWN_MS = 30_000;

/** Remote JWKS: a fetch that takes longer fails, and the token is refused. */
export const DEFAULT_JWKS_TIMEOUT_MS = 5_000;

/**
 * JWT bearer tokens (`jwt` and `oauth2` schemes): a verified token is taken from the
 * scheme's cache for this long at most, and never past its `exp`, instead of checking
 * its signature again. So a key withdrawn from the key set stops working within it.
 */
export const DEFAULT_JWT_CACHE_MAX_AGE_MS = 60_000;

/** JWT bearer tokens: how many verified tokens each scheme caches; the oldest go first. */
export const DEFAULT_JWT_CACHE_SIZE = 10_000;

/**
 * Rate limits, when the store that holds the counts (Redis) cannot answer: `"open"`
 * lets requests through, logged once per outage, because an outage of the limiter
 * should not become an outage of the API; `"closed"` refuses them (429) until it answers.
 */
export const DEFAULT_RATE_LIMIT_STORE_FAILURE: "open" | "closed" = "open";

/** With `storeFailure: "closed"`, the `Retry-After` of a request the store could not count. */
export const DEFAULT_RATE_LIMIT_UNAVAILABLE_RETRY_MS = 5_000;

/** Rate-limit counters in Redis live under this prefix (then the window in ms, then the key). */
export const DEFAULT_RATE_LIMIT_REDIS_PREFIX = "turbomcp:rl:";

/**
 * A rate-limit Redis command that takes longer fails (and `storeFailure` decides), so a
 * stalled Redis cannot stall requests.
 */
export const DEFAULT_RATE_LIMIT_REDIS_TIMEOUT_MS = 500;

/** Start-up waits this long for the rate-limit Redis to answer before failing with a clear message. */
export const DEFAULT_RATE_LIMIT_REDIS_CONNECT_TIMEOUT_MS = 5_000;

/** After Redis goes away, reconnect attempts back off up to this interval. */
export const DEFAULT_RATE_LIMIT_REDIS_RECONNECT_MAX_MS = 2_000;

/**
 * An instance reserves this share of a limit from Redis at once and spends it locally
 * (limits/hit-reservations.ts): one round trip per batch instead of per request, paid
 * for by other instances reaching the limit up to that much early. Limits under 200
 * (a batch under two hits) are counted hit by hit.
 */
export const DEFAULT_RATE_LIMIT_REDIS_BATCH_SHARE = 0.01;

/** The largest batch, whatever the limit: at c=50 a batch of 100 is a round trip per ~2 rounds of requests. */
export const DEFAULT_RATE_LIMIT_REDIS_MAX_BATCH = 100;

/** Reservations whose window ended (kept for keys refused until then) are dropped this often. */
export const DEFAULT_RATE_LIMIT_REDIS_SWEEP_MS = 10_000;

/**
 * Per-IP limits count an IPv6 client by its /56 network (one customer's usual
 * allocation), as express-rate-limit does, so rotating addresses inside it does not help.
 */
export const DEFAULT_RATE_LIMIT_IPV6_SUBNET = 56;

/**
 * How often the session manager looks for idle sessions (and rewrites the records of
 * the others, keeping them ahead of their TTL in the store); never more than half
 * the idle timeout apart.
 */
export const DEFAULT_SESSION_CLEANUP_INTERVAL_MS = 60_000;

/**
 * Requests one session may make before it ends: no limit, because an IDE keeps one
 * session for a whole working day. A finite limit ends the session with 404, which
 * tells the client to start a new one.
 */
export const DEFAULT_MAX_REQUESTS_PER_SESSION = Number.POSITIVE_INFINITY;

/** Session records in Redis live under this prefix (`id:<session id>`, and the `index` sorted set). */
export const DEFAULT_SESSION_REDIS_PREFIX = "turbomcp:sessions:";

/**
 * The built-in authorization server's state in Redis lives under this prefix, one key
 * segment a kind (`client:`, `code:`, `refresh:`, `revoked:`, `pending:`, `consent:`).
 */
export const DEFAULT_OAUTH_REDIS_PREFIX = "turbomcp:oauth:";

/** How long a user's consent to a client is kept in Redis after it was last given: a year, then the consent page shows again. */
export const DEFAULT_OAUTH_CONSENT_TTL_MS = 365 * 24 * 60 * 60_000;

/** Strings in logged arguments are cut to this many characters, so one upload cannot become a huge audit line. */
export const DEFAULT_AUDIT_MAX_STRING_LENGTH = 1_024;

/** Object keys one HTTP JSON body may hold in total; more is -32600 (HTTP 400) before any handler sees it. */
export const DEFAULT_MAX_JSON_KEYS = 10_000;

/** `Strict-Transport-Security: max-age`, when HSTS is switched on: one year. */
export const DEFAULT_HSTS_MAX_AGE_S = 31_536_000;

/** How long browsers may cache a CORS preflight of the MCP endpoint (Chromium caps it at 7,200). */
export const DEFAULT_CORS_MAX_AGE_S = 600;

/**
 * Graceful shutdown (SIGTERM/SIGINT, `--drain-timeout`): how long requests in flight
 * get to finish before they are cut. Keep it, plus any preStop delay and the
 * beforeExit hooks, below Kubernetes' terminationGracePeriodSeconds (30 s by default).
 */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/** Graceful shutdown: after the drain deadline, how long the transports get to cut what is left and flush. */
export const DEFAULT_DRAIN_CUT_GRACE_MS = 2_000;

/** Graceful shutdown: how long each beforeExit hook (flushing a store or a logger) may take. */
export const DEFAULT_BEFORE_EXIT_TIMEOUT_MS = 5_000;

/** How often the active-sessions and active-connections gauges are refreshed. */
export const DEFAULT_METRICS_GAUGE_INTERVAL_MS = 5_000;

// --- tenancy ---

/**
 * Per-tenant keys derived from a master key and kept in memory. Deriving one costs
 * an HKDF (microseconds), so the cache saves little per call but bounds memory when
 * tenant ids come from requests: beyond this, the least recently used key is dropped.
 */
export const DEFAULT_TENANT_KEY_CACHE_SIZE = 1_000;

/**
 * Key id written into values sealed with a master key (`tms1.master.…`). Give each
 * master key its own id (`createMasterKeyProvider(key, { keyId })`) to rotate one.
 */
export const DEFAULT_MASTER_KEY_ID = "master";

/** Key prefix of tenant concurrency slots in Redis. */
export const DEFAULT_TENANT_CONCURRENCY_REDIS_PREFIX = "turbomcp:tc:";

/**
 * How long a concurrency slot held in Redis lives without being given back: the slots
 * of an instance that died free themselves after this. Longer than any request should
 * run (the longest handler timeout is an hour, but slots are normally given back).
 */
export const DEFAULT_TENANT_CONCURRENCY_LEASE_MS = 10 * 60_000;

/** Key of the Redis hash a Redis tenant directory reads: field = tenant id, value = policy JSON. */
export const DEFAULT_TENANT_DIRECTORY_REDIS_KEY = "turbomcp:tenants";

/** How long a tenant directory that is not in memory keeps a policy before asking again. */
export const DEFAULT_TENANT_POLICY_CACHE_MS = 5_000;

/** Tenant ids that get a metrics label of their own; the rest count as `other`, so a label's cardinality stays bounded. */
export const DEFAULT_TENANT_METRIC_LABELS = 100;

/** OAuth 2 resource server: the signature algorithms accepted on access tokens (asymmetric only: the keys come from the authorization server's JWKS). */
export const DEFAULT_OAUTH2_ALGORITHMS: readonly string[] = ["RS256", "PS256", "ES256", "ES384", "EdDSA"];

/** OAuth 2 resource server: allowed clock skew on `exp`/`nbf`, in seconds. */
export const DEFAULT_OAUTH2_CLOCK_TOLERANCE_SEC = 30;

/** OAuth 2 resource server: authorization server metadata (RFC 8414) is refetched after this long. */
export const DEFAULT_OAUTH2_METADATA_MAX_AGE_MS = 60 * 60_000;

/** OAuth 2 resource server: after a failed metadata fetch, the next try waits this long. */
export const DEFAULT_OAUTH2_METADATA_RETRY_MS = 30_000;

/** OAuth 2 resource server: a metadata fetch that takes longer fails. */
export const DEFAULT_OAUTH2_METADATA_TIMEOUT_MS = 5_000;

/** OAuth 2 introspection (RFC 7662): an active token is trusted this long before it is asked about again, at most until it expires. */
export const DEFAULT_OAUTH2_INTROSPECTION_CACHE_MS = 60_000;

/** OAuth 2 introspection: how many answers are cached; the oldest go first. */
export const DEFAULT_OAUTH2_INTROSPECTION_CACHE_SIZE = 10_000;

/** Built-in authorization server: how long an authorization code may wait to be redeemed (RFC 6749 §4.1.2 recommends at most 10 minutes; clients redeem within seconds). */
export const DEFAULT_OAUTH_SERVER_CODE_TTL_MS = 60_000;

/** Built-in authorization server: how long a user has between `/authorize` and approving the consent page (signing in upstream included). */
export const DEFAULT_OAUTH_SERVER_PENDING_TTL_MS = 10 * 60_000;

/** Built-in authorization server: the scopes asked of an upstream OpenID Connect provider when the manifest names none. */
export const DEFAULT_OAUTH_SERVER_UPSTREAM_SCOPES: readonly string[] = ["openid", "email", "profile"];

/** Built-in authorization server: the scopes asked of GitHub when the manifest names none (`user:email` reads the primary verified email). */
export const DEFAULT_OAUTH_SERVER_GITHUB_SCOPES: readonly string[] = ["user:email"];

/**
 * Built-in authorization server: how long one request to the upstream identity provider
 * (discovery, token, userinfo, keys) may take. A user waits on each; the exchange after
 * the provider's redirect is bounded by three of them together.
 */
export const DEFAULT_OAUTH_SERVER_UPSTREAM_TIMEOUT_MS = 10_000;

// --- built-in authorization server: client ID metadata documents ---

/**
 * A client's metadata document (its `client_id` is an https URL) must arrive whole
 * within this: DNS, connect, TLS, headers and body together. The fetch happens while
 * a user waits at `/authorize`, and a document is a few hundred bytes from a web
 * server, so 5 s (as for the JWKS and metadata fetches) is generous; a slower host
 * only ties up a connection of the server for longer.
 */
export const DEFAULT_CLIENT_METADATA_TIMEOUT_MS = 5_000;

/**
 * Largest metadata document read; a longer one is refused while it streams. The
 * Client ID Metadata Document draft recommends reading at most 5 kilobytes (§ Maximum
 * Response Size), read here as 5 KiB, the more lenient reading.
 */
export const DEFAULT_CLIENT_METADATA_MAX_BYTES = 5 * 1024;

/**
 * The shortest time a fetched metadata document is kept, whatever its Cache-Control
 * says (no-store, max-age=0, or no freshness at all): one authorization, from the
 * consent page to redeeming the code, sees one document, and repeating a client_id
 * cannot make the server fetch its URL more than once per 5 minutes. The draft lets
 * the server set its own bounds on the lifetime (§ Metadata Caching).
 */
export const DEFAULT_CLIENT_METADATA_CACHE_MIN_MS = 5 * 60_000;

/**
 * The longest time a fetched metadata document is kept, whatever its Cache-Control
 * says: a client that removes a redirect URI (a leaked or abandoned callback) is
 * rid of it at this server within a day.
 */
export const DEFAULT_CLIENT_METADATA_CACHE_MAX_MS = 24 * 60 * 60_000;

/**
 * Metadata documents held at once. Client ids come from requests, so the cache is
 * bounded: at most 5 KiB each, 1,000 stay in a few megabytes; beyond it the least
 * recently used goes.
 */
export const DEFAULT_CLIENT_METADATA_CACHE_SIZE = 1_000;

/**
 * Built-in authorization server, in-memory store: registered clients kept at most.
 * Anyone may register, so the number is bounded; a record is under a kilobyte, so
 * this is a few megabytes. Past it the earliest registration is forgotten.
 */
export const DEFAULT_OAUTH_MEMORY_MAX_CLIENTS = 10_000;

/** Prefix of the Redis pub/sub channels that link the instances of one server (the cluster bus). */
export const DEFAULT_CLUSTER_BUS_REDIS_PREFIX = "turbomcp:bus:";

/** Prefix of the Redis keys holding shared live-table states (createSharedLiveRoutes). */
export const DEFAULT_SHARED_STATE_REDIS_PREFIX = "turbomcp:shared-state:";

/**
 * How often an instance with a shared live table reads the shared state back, so one
 * that missed an announcement (pub/sub delivers at most once) catches up.
 */
export const DEFAULT_SHARED_STATE_REFRESH_MS = 10_000;

/**
 * How long `tasks/update` on one instance waits for the instance running the task to
 * take the answers over the cluster bus; without a confirmation by then the client gets
 * 503 (`server_busy`) and may send them again. Loopback Redis confirms in about a millisecond.
 */
export const DEFAULT_TASK_RELAY_TIMEOUT_MS = 5_000;

/** Events one SSE stream keeps for resumption (`Last-Event-ID`); older ones are dropped, so a client gone that long starts over. */
export const DEFAULT_EVENT_STREAM_MAX_EVENTS = 1_000;

/** Streams the in-memory event store keeps at once (across all sessions); the least recently written go first. */
export const DEFAULT_EVENT_STORE_MAX_STREAMS = 10_000;

/** Event streams in Redis live under this prefix (`<prefix><session id>:<stream id>`, one Redis stream each). */
export const DEFAULT_EVENT_STORE_REDIS_PREFIX = "turbomcp:events:";

/**
 * The `retry` an SSE stream carries when the server closes its connection before the
 * stream is done (a shutdown, or a handler that asks): the client waits this long,
 * then resumes with `Last-Event-ID`.
 */
export const DEFAULT_SSE_RETRY_MS = 1_000;

/**
 * Shared sessions: how long an instance may hold back the requests it counts for a
 * session before adding them to the record in one write. The first request of each
 * such window is written at once (so a session ended elsewhere is noticed on it); a
 * busy session then costs two writes a second, not one per request.
 */
export const DEFAULT_SESSION_COUNT_FLUSH_MS = 1_000;

/**
 * The longest a command on the production pipeline's Redis connections (sessions, the
 * bus, events, tasks, coordination) may take before it fails: a Redis that hangs makes
 * requests fail (503 where a session must be read) instead of hanging with it.
 */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2_000;

/**
 * Circuit breakers of `ctx.dependency(name)` (docs/dependencies.md), for fields a
 * dependency's manifest entry leaves out. A call that has not answered after this long
 * is aborted (its signal) and counts as a failure: well below the handler's own 60 s,
 * so a slow upstream is noticed before the request times out.
 */
export const DEFAULT_DEPENDENCY_TIMEOUT_MS = 10_000;

/** The breaker opens once this share of the calls in its window failed (0 < rate ≤ 1)… */
export const DEFAULT_DEPENDENCY_FAILURE_RATE = 0.5;

/** …and the window holds at least this many calls, so two failures of the first three cannot open it. */
export const DEFAULT_DEPENDENCY_MINIMUM_REQUESTS = 10;

/** The rolling window the failure rate is measured over. */
export const DEFAULT_DEPENDENCY_WINDOW_MS = 60_000;

/**
 * Buckets the rolling window is cut into: calls leave the window a bucket at a time, so
 * the window spans between `windowMs` and `windowMs` plus one bucket (6 s by default).
 */
export const DEFAULT_DEPENDENCY_WINDOW_BUCKETS = 10;

/** How long an open breaker refuses calls before it lets probes through (half-open). */
export const DEFAULT_DEPENDENCY_OPEN_MS = 30_000;

/** Calls let through in half-open; all must succeed for the breaker to close, and one failure opens it again. */
export const DEFAULT_DEPENDENCY_HALF_OPEN_PROBES = 1;

/**
 * The result cache middleware (`resultCache`, the manifest's `"use": "cache"`): who a
 * cached result is shared with. `principal` keeps one caller's results to that caller
 * (within its tenant), the safe choice for a tool whose answer may depend on who asks.
 */
export const DEFAULT_RESULT_CACHE_SCOPE = "principal";

/** Results one in-process result cache keeps (each cache of each entry); the least recently used go first. */
export const DEFAULT_RESULT_CACHE_MAX_ENTRIES = 1_000;

/** A result whose JSON is larger than this many bytes is not cached: one large answer must not crowd out many. */
export const DEFAULT_RESULT_CACHE_MAX_ENTRY_BYTES = 1024 * 1024;

/** Key prefix of the result cache in Redis. */
export const RESULT_CACHE_REDIS_PREFIX = "turbomcp:cache:";

/** Key prefix of the concurrency limit middleware's slots in the concurrency store. */
export const CONCURRENCY_LIMIT_KEY_PREFIX = "entry:";

/** How often a call waiting for a concurrency slot (`waitMs`) asks again, at first and at most. */
export const CONCURRENCY_LIMIT_POLL_MS = { first: 5, max: 100 } as const;

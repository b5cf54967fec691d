/**
 * Defaults of the runtime config keys that have no building block of their own to
 * default them (the rest come from `defaults.ts`): each is defined here once.
 */

/** `/metrics` is served unless switched off; protect it with `metrics.bearerToken` off loopback. */
export const DEFAULT_METRICS_ENABLED = true;

/** `/health`, `/health/live` and `/health/ready` are served unless switched off. */
export const DEFAULT_HEALTH_ENABLED = true;

/** One audit line per request unless switched off. */
export const DEFAULT_AUDIT_ENABLED = true;

/** Audit lines leave arguments out unless switched on: they may hold what the audit file must not. */
export const DEFAULT_AUDIT_ARGUMENTS = false;

/**
 * Where audit lines go over HTTP: stdout, where container platforms collect logs. The
 * stdio transport never writes them to stdout (it carries the protocol): stderr there.
 */
export const DEFAULT_AUDIT_DESTINATION = "stdout";

/** The client address is the socket peer: no forwarded header is believed unless configured. */
export const DEFAULT_TRUST_PROXY = false;

/**
 * TCP and Unix-socket clients are not trusted: with the manifest's auth required,
 * those transports refuse to start unless the operator vouches for every client.
 */
export const DEFAULT_TRUST_LOCAL_SOCKETS = false;

/** Environment variable naming the JSON config file (`--config` wins over it). */
export const RUNTIME_CONFIG_FILE_ENV = "TURBOMCP_CONFIG";

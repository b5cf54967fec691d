/**
 * The `TURBOMCP_*` environment variables, one per config key. Values are parsed into
 * the key's JSON type here and then checked by the same schema as the config file,
 * so each problem names the variable.
 */
import { REQUEST_STATE_SECRET_ENV } from "./defaults.js";
import type { RuntimeConfigProblem } from "./runtime-config-error.js";
import { RUNTIME_CONFIG_FILE_ENV } from "./runtime-config-defaults.js";

type Kind = "string" | "integer" | "boolean" | "list" | "trustProxy";

export interface EnvKey {
  readonly name: string;
  /** Where the value goes in the config object, e.g. `["sessions", "maxSessions"]`. */
  readonly path: readonly string[];
  readonly kind: Kind;
  /** Never repeated in a message. */
  readonly secret?: boolean;
}

/** Every variable, in the order the README documents them. */
export const RUNTIME_CONFIG_ENV: readonly EnvKey[] = [
  { name: "TURBOMCP_HOST", path: ["host"], kind: "string" },
  { name: "TURBOMCP_PORT", path: ["port"], kind: "integer" },
  { name: "TURBOMCP_PATH", path: ["path"], kind: "string" },
  { name: "TURBOMCP_ALLOWED_HOSTS", path: ["allowedHosts"], kind: "list" },
  { name: "TURBOMCP_ALLOWED_ORIGINS", path: ["allowedOrigins"], kind: "list" },
  { name: "TURBOMCP_MAX_BODY_BYTES", path: ["maxBodyBytes"], kind: "integer" },
  { name: "TURBOMCP_TRUST_PROXY", path: ["trustProxy"], kind: "trustProxy" },
  { name: "TURBOMCP_TRUST_LOCAL_SOCKETS", path: ["trustLocalSockets"], kind: "boolean" },
  { name: "TURBOMCP_REDIS_URL", path: ["redisUrl"], kind: "string", secret: true },
  { name: "TURBOMCP_RATE_LIMIT_STORE_FAILURE", path: ["rateLimits", "storeFailure"], kind: "string" },
  { name: "TURBOMCP_MAX_CONCURRENT_PER_PRINCIPAL", path: ["rateLimits", "maxConcurrentPerPrincipal"], kind: "integer" },
  { name: "TURBOMCP_SESSION_MODE", path: ["sessions", "mode"], kind: "string" },
  { name: "TURBOMCP_SESSION_IDLE_TIMEOUT_MS", path: ["sessions", "idleTimeoutMs"], kind: "integer" },
  { name: "TURBOMCP_MAX_SESSIONS", path: ["sessions", "maxSessions"], kind: "integer" },
  { name: "TURBOMCP_MAX_REQUESTS_PER_SESSION", path: ["sessions", "maxRequestsPerSession"], kind: "integer" },
  { name: "TURBOMCP_MAX_SESSIONS_PER_PRINCIPAL", path: ["sessions", "maxSessionsPerPrincipal"], kind: "integer" },
  { name: "TURBOMCP_EVICT_SESSIONS", path: ["sessions", "evict"], kind: "string" },
  { name: "TURBOMCP_TENANT", path: ["tenants", "localTenant"], kind: "string" },
  { name: "TURBOMCP_TENANT_DIRECTORY", path: ["tenants", "directory"], kind: "string" },
  { name: "TURBOMCP_TENANT_DIRECTORY_FILE", path: ["tenants", "directoryFile"], kind: "string" },
  { name: "TURBOMCP_METRICS_ENABLED", path: ["metrics", "enabled"], kind: "boolean" },
  { name: "TURBOMCP_METRICS_TOKEN", path: ["metrics", "bearerToken"], kind: "string", secret: true },
  { name: "TURBOMCP_AUDIT_ENABLED", path: ["audit", "enabled"], kind: "boolean" },
  { name: "TURBOMCP_AUDIT_DESTINATION", path: ["audit", "destination"], kind: "string" },
  { name: "TURBOMCP_AUDIT_FILE", path: ["audit", "file"], kind: "string" },
  { name: "TURBOMCP_AUDIT_ARGUMENTS", path: ["audit", "arguments"], kind: "boolean" },
  { name: "TURBOMCP_HEALTH_ENABLED", path: ["health", "enabled"], kind: "boolean" },
  { name: "TURBOMCP_DRAIN_TIMEOUT_MS", path: ["drainTimeoutMs"], kind: "integer" },
  { name: REQUEST_STATE_SECRET_ENV, path: ["requestStateSecret"], kind: "string", secret: true },
];

/** Variables with the prefix that are not config keys but are still ours. */
const OTHER_KNOWN = new Set([RUNTIME_CONFIG_FILE_ENV]);

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, false: false, "1": true, "0": false, yes: true, no: false, on: true, off: false };

function parse(kind: Kind, text: string): Parsed {
  const trimmed = text.trim();
  switch (kind) {
    case "string":
      return { ok: true, value: text };
    case "integer":
      return /^-?\d+$/.test(trimmed) ? { ok: true, value: Number(trimmed) } : { ok: false, message: "must be a whole number" };
    case "boolean": {
      const value = BOOLEANS[trimmed.toLowerCase()];
      return value === undefined ? { ok: false, message: "must be true or false (or 1/0, yes/no, on/off)" } : { ok: true, value };
    }
    case "list":
      return { ok: true, value: trimmed === "" ? [] : trimmed.split(",").map((item) => item.trim()) };
    case "trustProxy": {
      if (/^\d+$/.test(trimmed)) return { ok: true, value: Number(trimmed) };
      const value = BOOLEANS[trimmed.toLowerCase()];
      return value === undefined ? { ok: false, message: "must be true, false or a number of proxy hops" } : { ok: true, value };
    }
  }
}

function place(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys.at(-1) as string] = value;
}

export function pointerOf(key: EnvKey): string {
  return `/${key.path.join("/")}`;
}

/** The config layer the environment sets, and the problems parsing it (unknown `TURBOMCP_*` names included). */
export function readEnvLayer(env: Readonly<Record<string, string | undefined>>): { layer: Record<string, unknown>; problems: RuntimeConfigProblem[] } {
  const layer: Record<string, unknown> = {};
  const problems: RuntimeConfigProblem[] = [];
  for (const key of RUNTIME_CONFIG_ENV) {
    const text = env[key.name];
    if (text === undefined) continue;
    const parsed = parse(key.kind, text);
    if (parsed.ok) place(layer, key.path, parsed.value);
    else problems.push({ source: key.name, message: key.secret === true ? parsed.message : `${parsed.message}, got ${JSON.stringify(text)}` });
  }
  const known = new Set(RUNTIME_CONFIG_ENV.map((key) => key.name));
  for (const name of Object.keys(env).sort()) {
    if (name.startsWith("TURBOMCP_") && !known.has(name) && !OTHER_KNOWN.has(name)) {
      problems.push({ source: name, message: "unknown setting (see the Configuration section of the README for the TURBOMCP_* variables)" });
    }
  }
  return { layer, problems };
}

/** The variable behind a pointer the schema reported (`/sessions/maxSessions/0` → its variable). */
export function envNameAt(pointer: string): string | undefined {
  const match = RUNTIME_CONFIG_ENV.filter((key) => pointer === pointerOf(key) || pointer.startsWith(`${pointerOf(key)}/`));
  return match.at(-1)?.name;
}

/**
 * One typed runtime config, resolved once at start-up from, in increasing precedence:
 * the defaults (`defaults.ts`), a JSON file (`--config` or `TURBOMCP_CONFIG`), the
 * `TURBOMCP_*` environment variables and code/CLI overrides. Each layer is checked
 * against `schemas/runtime-config.schema.json` on its own, so every problem names
 * its source; all of them are reported together in one `RuntimeConfigError`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { CacheHint } from "./cache-hints.js";
import {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_HTTP_HOST,
  DEFAULT_HTTP_MAX_BODY_BYTES,
  DEFAULT_HTTP_PATH,
  DEFAULT_HTTP_PORT,
  DEFAULT_LIST_CACHE_HINT,
  DEFAULT_MAX_REQUESTS_PER_SESSION,
  DEFAULT_MAX_CONCURRENT_PER_PRINCIPAL,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_MAX_SESSIONS_PER_PRINCIPAL,
  DEFAULT_RATE_LIMIT_STORE_FAILURE,
  DEFAULT_READ_CACHE_HINT,
  DEFAULT_SESSION_IDLE_TIMEOUT_MS,
  DEFAULT_SESSION_MODE,
  type SessionMode,
} from "./defaults.js";
import { envNameAt, readEnvLayer } from "./runtime-config-env.js";
import { RuntimeConfigError, type RuntimeConfigProblem } from "./runtime-config-error.js";
import {
  DEFAULT_AUDIT_DESTINATION,
  DEFAULT_AUDIT_ARGUMENTS,
  DEFAULT_AUDIT_ENABLED,
  DEFAULT_HEALTH_ENABLED,
  DEFAULT_METRICS_ENABLED,
  DEFAULT_TRUST_LOCAL_SOCKETS,
  DEFAULT_TRUST_PROXY,
  RUNTIME_CONFIG_FILE_ENV,
} from "./runtime-config-defaults.js";
import { checkLayer } from "./runtime-config-schema.js";
import { checkRedisUrl } from "./redis-url.js";
import type { NetworkOptions } from "../network/options.js";

export type AuditDestinationName = "stdout" | "stderr" | "file";

/** Where tenant policies come from besides the manifest. */
export type TenantDirectoryKind = "manifest" | "file" | "redis";

/** A layer of config as the file, the environment or code give it: every key optional. */
export interface RuntimeConfigInput extends NetworkOptions {
  readonly path?: string;
  readonly maxBodyBytes?: number;
  readonly trustProxy?: boolean | number;
  readonly trustLocalSockets?: boolean;
  readonly redisUrl?: string;
  readonly rateLimits?: { readonly storeFailure?: "open" | "closed"; readonly maxConcurrentPerPrincipal?: number };
  readonly sessions?: {
    readonly mode?: SessionMode;
    readonly idleTimeoutMs?: number;
    readonly maxSessions?: number;
    readonly maxRequestsPerSession?: number;
    readonly maxSessionsPerPrincipal?: number;
    readonly evict?: "none" | "oldest-idle";
  };
  readonly tenants?: { readonly localTenant?: string; readonly directory?: TenantDirectoryKind; readonly directoryFile?: string };
  readonly metrics?: { readonly enabled?: boolean; readonly bearerToken?: string };
  readonly audit?: { readonly enabled?: boolean; readonly destination?: AuditDestinationName; readonly file?: string; readonly arguments?: boolean };
  readonly health?: { readonly enabled?: boolean };
  readonly drainTimeoutMs?: number;
  readonly requestStateSecret?: string;
  readonly cacheHints?: { readonly lists?: CacheHint; readonly reads?: CacheHint };
}

/** The resolved config: every key has its value. */
export interface RuntimeConfig {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly allowedHosts: readonly string[] | undefined;
  readonly allowedOrigins: readonly string[] | undefined;
  readonly maxBodyBytes: number;
  /** `false`: the socket peer; a number: that many trusted proxy hops in X-Forwarded-For; `true`: every hop. */
  readonly trustProxy: boolean | number;
  /** TCP and Unix-socket clients are the local user, like stdio's (route scopes do not apply); loopback TCP only. */
  readonly trustLocalSockets: boolean;
  readonly redisUrl: string | undefined;
  readonly rateLimits: { readonly storeFailure: "open" | "closed"; readonly maxConcurrentPerPrincipal: number };
  readonly sessions: {
    /** `"stateless"`: 2025-era Streamable HTTP clients get no session; the other `sessions` keys then have nothing to act on. */
    readonly mode: SessionMode;
    readonly idleTimeoutMs: number;
    readonly maxSessions: number;
    readonly maxRequestsPerSession: number;
    readonly maxSessionsPerPrincipal: number;
    readonly evict: "none" | "oldest-idle";
  };
  readonly tenants: { readonly localTenant: string | undefined; readonly directory: TenantDirectoryKind; readonly directoryFile: string | undefined };
  readonly metrics: { readonly enabled: boolean; readonly bearerToken: string | undefined };
  readonly audit: { readonly enabled: boolean; readonly destination: AuditDestinationName; readonly file: string | undefined; readonly arguments: boolean };
  readonly health: { readonly enabled: boolean };
  readonly drainTimeoutMs: number;
  readonly requestStateSecret: string | undefined;
  readonly cacheHints: { readonly lists: CacheHint; readonly reads: CacheHint };
  /** The config file read, if any (absolute). */
  readonly configFile: string | undefined;
}

export interface ResolveRuntimeConfigOptions {
  /** The JSON config file (`--config`); default `TURBOMCP_CONFIG`, else none. */
  readonly configFile?: string;
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Code and command-line settings: they win over everything else. */
  readonly overrides?: RuntimeConfigInput;
  /** Folder a relative config file (and audit file) is resolved against; default `process.cwd()`. */
  readonly cwd?: string;
}

const DEFAULTS: Omit<RuntimeConfig, "configFile"> = {
  host: DEFAULT_HTTP_HOST,
  port: DEFAULT_HTTP_PORT,
  path: DEFAULT_HTTP_PATH,
  allowedHosts: undefined,
  allowedOrigins: undefined,
  maxBodyBytes: DEFAULT_HTTP_MAX_BODY_BYTES,
  trustProxy: DEFAULT_TRUST_PROXY,
  trustLocalSockets: DEFAULT_TRUST_LOCAL_SOCKETS,
  redisUrl: undefined,
  rateLimits: { storeFailure: DEFAULT_RATE_LIMIT_STORE_FAILURE, maxConcurrentPerPrincipal: DEFAULT_MAX_CONCURRENT_PER_PRINCIPAL },
  sessions: {
    mode: DEFAULT_SESSION_MODE,
    idleTimeoutMs: DEFAULT_SESSION_IDLE_TIMEOUT_MS,
    maxSessions: DEFAULT_MAX_SESSIONS,
    maxRequestsPerSession: DEFAULT_MAX_REQUESTS_PER_SESSION,
    maxSessionsPerPrincipal: DEFAULT_MAX_SESSIONS_PER_PRINCIPAL,
    evict: "none",
  },
  tenants: { localTenant: undefined, directory: "manifest", directoryFile: undefined },
  metrics: { enabled: DEFAULT_METRICS_ENABLED, bearerToken: undefined },
  audit: { enabled: DEFAULT_AUDIT_ENABLED, destination: DEFAULT_AUDIT_DESTINATION, file: undefined, arguments: DEFAULT_AUDIT_ARGUMENTS },
  health: { enabled: DEFAULT_HEALTH_ENABLED },
  drainTimeoutMs: DEFAULT_DRAIN_TIMEOUT_MS,
  requestStateSecret: undefined,
  cacheHints: { lists: DEFAULT_LIST_CACHE_HINT, reads: DEFAULT_READ_CACHE_HINT },
};

type Layer = Record<string, unknown>;

function isObject(value: unknown): value is Layer {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Later layers win key by key inside the nested sections; arrays and cache hints are replaced whole. */
function merge(base: Layer, layer: Layer): Layer {
  const merged: Layer = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue;
    merged[key] = isObject(value) && isObject(base[key]) && key !== "lists" && key !== "reads" ? merge(base[key], value) : value;
  }
  return merged;
}

function readFileLayer(file: string, problems: RuntimeConfigProblem[]): Layer {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push({ source: file, message: code === "ENOENT" ? "the config file does not exist" : `cannot read the config file (${code ?? "error"})` });
    return {};
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    problems.push({ source: file, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
    return {};
  }
  const found = checkLayer(value, (pointer) => ({ source: file, pointer }));
  problems.push(...found);
  return found.length === 0 && isObject(value) ? value : {};
}

/** Checks that involve several keys or layers, on the merged values. */
function checkMerged(config: Omit<RuntimeConfig, "configFile">, problems: RuntimeConfigProblem[]): void {
  if (config.audit.enabled && config.audit.destination === "file" && config.audit.file === undefined) {
    problems.push({ source: "audit", pointer: "/audit/file", message: 'audit.destination "file" needs audit.file (or TURBOMCP_AUDIT_FILE)' });
  }
  const { directory, directoryFile } = config.tenants;
  if (directory === "file" && directoryFile === undefined) {
    problems.push({
      source: "tenants",
      pointer: "/tenants/directoryFile",
      message: 'tenants.directory "file" needs tenants.directoryFile (or TURBOMCP_TENANT_DIRECTORY_FILE)',
    });
  }
  if (directory !== "file" && directoryFile !== undefined) {
    problems.push({
      source: "tenants",
      pointer: "/tenants/directory",
      message: 'tenants.directoryFile is read only with tenants.directory "file" (or TURBOMCP_TENANT_DIRECTORY=file)',
    });
  }
  if (directory === "redis" && config.redisUrl === undefined) {
    problems.push({ source: "tenants", pointer: "/tenants/directory", message: 'tenants.directory "redis" needs redisUrl (or TURBOMCP_REDIS_URL)' });
  }
  if (config.redisUrl !== undefined) {
    try {
      checkRedisUrl("redisUrl", config.redisUrl);
    } catch (error) {
      problems.push({ source: "redisUrl", pointer: "/redisUrl", message: error instanceof Error ? error.message : String(error) });
    }
  }
}

/**
 * Resolves the config once; throws a `RuntimeConfigError` listing every problem.
 *
 * @example
 * ```ts
 * import { resolveRuntimeConfig } from "@turbomcp/runtime";
 * const config = resolveRuntimeConfig({ configFile: "turbomcp.config.json", overrides: { port: 8080 } });
 * console.error(config.port, config.sessions.maxSessions);
 * ```
 */
export function resolveRuntimeConfig(options: ResolveRuntimeConfigOptions = {}): RuntimeConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const problems: RuntimeConfigProblem[] = [];
  const named = options.configFile ?? env[RUNTIME_CONFIG_FILE_ENV];
  const configFile = named === undefined || named === "" ? undefined : path.resolve(cwd, named);
  const fileLayer = configFile === undefined ? {} : readFileLayer(configFile, problems);

  const { layer: envLayer, problems: envProblems } = readEnvLayer(env);
  problems.push(...envProblems);
  const envFound = checkLayer(envLayer, (pointer) => ({ source: envNameAt(pointer) ?? `environment ${pointer}` }));
  problems.push(...envFound);

  const overrides = (options.overrides ?? {}) as Layer;
  const overrideFound = checkLayer(overrides, (pointer) => ({ source: "overrides", pointer }));
  problems.push(...overrideFound);

  const layers = [fileLayer, envFound.length === 0 ? envLayer : {}, overrideFound.length === 0 ? overrides : {}];
  const merged = layers.reduce<Layer>((base, layer) => merge(base, layer), DEFAULTS as unknown as Layer) as unknown as Omit<RuntimeConfig, "configFile">;
  const audit = merged.audit.file === undefined ? merged.audit : { ...merged.audit, file: path.resolve(cwd, merged.audit.file) };
  const tenants =
    merged.tenants.directoryFile === undefined ? merged.tenants : { ...merged.tenants, directoryFile: path.resolve(cwd, merged.tenants.directoryFile) };
  const config = { ...merged, audit, tenants };
  checkMerged(config, problems);
  if (problems.length > 0) throw new RuntimeConfigError(problems);
  return Object.freeze({ ...config, configFile });
}

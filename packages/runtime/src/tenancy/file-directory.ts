/**
 * Tenant policies in a JSON file (`{ "<tenant id>": { policy }, … }`), re-read when it
 * changes, so an operator adds or changes a tenant without a redeploy. The file is
 * checked for changes at most every `checkIntervalMs`, off the request path: a lookup
 * is always a map read. A file that fails to parse at start-up stops the server; one
 * that breaks later is reported and the last good policies stay in force.
 */
import { readFileSync, statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { DEFAULT_TENANT_POLICY_CACHE_MS } from "../config/defaults.js";
import { stderrLogger, type ServerLogger } from "../protocol/logger.js";
import type { TenantPolicy } from "../config/policies.js";
import type { TenantDirectory } from "./directory.js";
import { parseTenantPolicy } from "./parse-policy.js";
import { TENANT_ID_PATTERN } from "./tenant-id.js";

export interface FileTenantDirectoryOptions {
  /** The JSON file. */
  readonly path: string;
  /** How often the file is looked at for changes; default 5 s. */
  readonly checkIntervalMs?: number;
  /** Asked when a tenant is not in the file (the manifest's own policies). */
  readonly fallback?: TenantDirectory;
  readonly logger?: ServerLogger;
}

function parsePolicies(text: string, path: string): ReadonlyMap<string, TenantPolicy> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TypeError(`tenant directory ${path} is not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new TypeError(`tenant directory ${path} must hold an object of tenant id → policy`);
  const policies = new Map<string, TenantPolicy>();
  for (const [id, policy] of Object.entries(value)) {
    if (!TENANT_ID_PATTERN.test(id))
      throw new TypeError(`tenant directory ${path}: ${JSON.stringify(id.slice(0, 140))} is not a tenant id (1-128 of A-Z, a-z, 0-9, _ . -)`);
    policies.set(id, parseTenantPolicy(policy, `tenant directory ${path}: "${id}"`));
  }
  return policies;
}

/**
 * @example
 * ```ts
 * import { createFileTenantDirectory } from "@turbomcp/runtime/tenancy";
 * const directory = createFileTenantDirectory({ path: "tenants.json" });
 * await directory.ready();
 * ```
 */
export function createFileTenantDirectory(options: FileTenantDirectoryOptions): TenantDirectory {
  const { path, fallback } = options;
  const logger = options.logger ?? stderrLogger;
  const interval = options.checkIntervalMs ?? DEFAULT_TENANT_POLICY_CACHE_MS;
  let text: string;
  let stamp: string;
  try {
    const info = statSync(path);
    stamp = `${info.mtimeMs}:${info.size}`;
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new TypeError(`tenant directory ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`, { cause: error });
  }
  let policies = parsePolicies(text, path);
  let checking = false;
  const check = async (): Promise<void> => {
    if (checking) return;
    checking = true;
    try {
      const info = await stat(path);
      const next = `${info.mtimeMs}:${info.size}`;
      if (next === stamp) return;
      const fresh = await readFile(path, "utf8");
      stamp = next;
      if (fresh === text) return;
      policies = parsePolicies(fresh, path);
      text = fresh;
      logger.warn(`tenant directory ${path} reloaded: ${policies.size} tenants`);
    } catch (error) {
      logger.error(`tenant directory ${path} could not be reloaded; the previous policies stay in force`, error);
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), interval).unref();
  return {
    policyOf: (tenantId) => policies.get(tenantId) ?? fallback?.policyOf(tenantId),
    ready: () => fallback?.ready() ?? Promise.resolve(),
    async close() {
      clearInterval(timer);
      await fallback?.close();
    },
  };
}

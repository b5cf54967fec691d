/**
 * The manifest's `tenants` section made real for one process: the resolver every
 * transport asks (with the directory the runtime config names), the gate that holds
 * each tenant to its `rateLimit` and `maxConcurrentRequests` (in Redis when
 * `redisUrl` is set, so every instance shares one budget per tenant), and the tenant
 * of the stdio client, which its environment names.
 */
import type { RuntimeConfig } from "../config/runtime-config.js";
import type { Tenant } from "../handlers/context.js";
import type { ConcurrencyStore } from "../limits/concurrency-store.js";
import type { ServerLogger } from "../protocol/logger.js";
import type { RouteLimiter } from "../protocol/limiter.js";
import type { TenantGate } from "../protocol/tenant-gate.js";
import type { TenancyPolicy } from "../config/policies.js";
import { manifestTenantDirectory, type TenantDirectory } from "../tenancy/directory.js";
import { createFileTenantDirectory } from "../tenancy/file-directory.js";
import { createTenantResolver, type TenantResolver } from "../tenancy/resolver.js";
import { createTenantGate } from "../limits/tenant-gate.js";
import { keySegmentReader } from "../tenancy/sources.js";

export interface ProductionTenancy {
  readonly resolver: TenantResolver;
  readonly gate: TenantGate;
  /** For the API key verifier: the tenant segment of a verified key, when the manifest reads one. */
  readonly tenantOfApiKey: ((key: string) => string | undefined) | undefined;
  /** The local client's tenant (`TURBOMCP_TENANT`: stdio, trusted local sockets); resolved by `ready()`. */
  localTenant(): Tenant | undefined;
  /** The directory answers; the local tenant is resolved. Rejects with a start-up message. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface ProductionTenancyOptions {
  /** Counts tenants' `rateLimit`s (the pipeline's route limiter, over its shared store). */
  readonly limiter: RouteLimiter;
  /** Holds tenants' `maxConcurrentRequests` slots (Redis when configured). */
  readonly concurrency: ConcurrencyStore;
  /** The Redis tenant directory over the pipeline's coordination connection, when `redisUrl` is set. */
  readonly redisDirectory?: (fallback: TenantDirectory) => TenantDirectory;
  readonly logger: ServerLogger;
  /** The transport's client may be the local user (stdio, trusted local sockets), whose tenant the config names. */
  readonly local: boolean;
}

function directoryOf(tenancy: TenancyPolicy, config: RuntimeConfig, options: ProductionTenancyOptions): TenantDirectory {
  const fallback = manifestTenantDirectory(tenancy);
  const { directory, directoryFile } = config.tenants;
  if (directory === "file" && directoryFile !== undefined) return createFileTenantDirectory({ path: directoryFile, fallback, logger: options.logger });
  if (directory === "redis" && options.redisDirectory !== undefined) return options.redisDirectory(fallback);
  return fallback;
}

export function createProductionTenancy(tenancy: TenancyPolicy, config: RuntimeConfig, options: ProductionTenancyOptions): ProductionTenancy {
  const directory = directoryOf(tenancy, config, options);
  const resolver = createTenantResolver(tenancy, { directory });
  const gate = createTenantGate({ limiter: options.limiter, concurrency: options.concurrency, storeFailure: config.rateLimits.storeFailure });
  let local: Tenant | undefined;
  return {
    resolver,
    gate,
    tenantOfApiKey: keySegmentReader(tenancy.sources),
    localTenant: () => local,
    async ready() {
      await directory.ready();
      if (!options.local) return;
      const resolution = await resolver.resolveId(config.tenants.localTenant);
      if (!resolution.ok)
        throw new Error(
          "tenants: the local client's tenant is required (stdio, trusted local sockets): set TURBOMCP_TENANT (tenants.localTenant) to its tenant id",
        );
      local = resolution.tenant;
    },
    close: () => directory.close(),
  };
}

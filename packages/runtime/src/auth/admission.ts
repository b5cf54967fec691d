/**
 * Admission: who is calling and whether they may come in, decided once per HTTP
 * request or WebSocket upgrade before anything is read. In order: authentication,
 * the tenant (from the manifest's sources, never against the credentials), the
 * endpoint limits. A failed authentication or tenant check still counts against the
 * per-IP limit, so a client guessing keys or tenant ids is slowed down like any other,
 * and every refusal is told to the observers (the audit log) without its credential.
 * Framework-neutral: the HTTP endpoint writes the refusal as a response, the WebSocket
 * transport as the answer to the upgrade.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerLogger } from "../protocol/logger.js";
import { ANONYMOUS, type Caller } from "../protocol/caller.js";
import { jsonRpcCode, McpError, httpStatus, type McpErrorCode } from "../protocol/errors.js";
import { errorResponse } from "../protocol/jsonrpc.js";
import type { RefusalReason, RequestObserver } from "../protocol/observer.js";
import type { TenantResolver } from "../tenancy/resolver.js";
import type { RouteTable } from "../routing/types.js";
import { createTenantResolver } from "../tenancy/resolver.js";
import { keySegmentReader } from "../tenancy/sources.js";
import { authRequestOf } from "./auth-request.js";
import type { Authenticator } from "./authenticator.js";
import { createAuthenticator } from "./create-authenticator.js";
import type { LocalIssuer } from "./options.js";

/** A refusal ready to write: status, headers (`WWW-Authenticate`, `Retry-After`), a JSON-RPC error body without an id. */
export interface AdmissionRefusal {
  readonly status: number;
  /** Lower-case names. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A check run on every request once its caller is known, before its body is read:
 * the rate limits are one. It may set headers on `res` for requests it lets through;
 * it must not write the response itself.
 */
export type AdmissionCheck = (
  req: IncomingMessage,
  caller: Caller,
  res?: ServerResponse,
) => AdmissionRefusal | undefined | Promise<AdmissionRefusal | undefined>;

export type Admission = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly refusal: AdmissionRefusal };

export interface AdmissionOptions {
  readonly authenticator?: Authenticator | undefined;
  readonly tenancy?: TenantResolver | undefined;
  /** The endpoint limits (`createHttpLimits`): per IP, principal and tenant. */
  readonly limits?: (AdmissionCheck & { readonly enabled?: boolean }) | undefined;
  /** Told about every refusal (`onRefusal`): the audit log. */
  readonly observers?: readonly RequestObserver[];
  readonly logger: ServerLogger;
}

export interface Admit {
  /** `res` is given for HTTP requests, so a limit may set its fields on answers it lets through. */
  (req: IncomingMessage, res?: ServerResponse): Promise<Admission>;
  /** False when nothing is checked: callers may skip admission altogether. */
  readonly checks: boolean;
}

/** Renders a refusal from the one error table. */
export function admissionRefusal(code: McpErrorCode, message: string, headers?: Readonly<Record<string, string>>): AdmissionRefusal {
  const body = JSON.stringify(errorResponse(null, new McpError(code, message)));
  return headers === undefined ? { status: httpStatus(code), body } : { status: httpStatus(code), headers, body };
}

/**
 * The authenticator and tenant resolver an endpoint enforces: the ones given, else
 * the ones the manifest asks for. A manifest's `auth` and `tenants` are enforced
 * whoever assembles the endpoint: a security section that silently does nothing is
 * the worst bug we could ship.
 */
export function manifestGuards(
  routes: RouteTable,
  given: { readonly authenticator?: Authenticator | undefined; readonly tenancy?: TenantResolver | undefined; readonly localIssuer?: LocalIssuer | undefined },
  logger: ServerLogger,
): { readonly authenticator: Authenticator | undefined; readonly tenancy: TenantResolver | undefined } {
  const { auth, tenancy } = routes;
  const tenantOfApiKey = tenancy === undefined ? undefined : keySegmentReader(tenancy.sources);
  const { localIssuer } = given;
  return {
    authenticator:
      given.authenticator ??
      (auth === undefined
        ? undefined
        : createAuthenticator(auth, { logger, ...(tenantOfApiKey !== undefined && { tenantOfApiKey }), ...(localIssuer !== undefined && { localIssuer }) })),
    tenancy: given.tenancy ?? (tenancy === undefined ? undefined : createTenantResolver(tenancy)),
  };
}

const RATE_LIMITED = jsonRpcCode("rate_limited");

/**
 * @example
 * ```ts
 * import { createAdmission } from "@turbomcp/runtime/auth";
 * import { stderrLogger } from "@turbomcp/runtime";
 * const admit = createAdmission({ logger: stderrLogger });
 * // admit.checks === false: nothing to check, every request is anonymous
 * ```
 */
export function createAdmission(options: AdmissionOptions): Admit {
  const { authenticator, tenancy, observers = [], logger } = options;
  const limits = options.limits?.enabled === false ? undefined : options.limits;

  const tell = (req: IncomingMessage, reason: RefusalReason, errorCode: number, caller: Caller): void => {
    for (const observer of observers) {
      try {
        observer.onRefusal?.({ reason, errorCode, remoteAddress: req.socket.remoteAddress, caller });
      } catch (error) {
        logger.error("a request observer failed", error);
      }
    }
  };

  /** A refused attempt counts against the per-IP limit; over it, the answer becomes the 429. */
  const refuse = async (req: IncomingMessage, reason: RefusalReason, code: McpErrorCode, refusal: AdmissionRefusal, caller: Caller): Promise<Admission> => {
    const over = limits === undefined ? undefined : await limits(req, ANONYMOUS);
    if (over !== undefined) {
      tell(req, "rate_limit", RATE_LIMITED, caller);
      return { ok: false, refusal: over };
    }
    tell(req, reason, jsonRpcCode(code), caller);
    return { ok: false, refusal };
  };

  const admit = async (req: IncomingMessage, res?: ServerResponse): Promise<Admission> => {
    let caller: Caller = ANONYMOUS;
    if (authenticator) {
      const result = await authenticator.authenticate(authRequestOf(req));
      if (!result.ok) {
        const headers = result.wwwAuthenticate === undefined ? undefined : { "www-authenticate": result.wwwAuthenticate };
        return refuse(req, "authentication", result.code, admissionRefusal(result.code, result.message, headers), ANONYMOUS);
      }
      if (result.principal !== undefined) caller = { principal: result.principal };
    }
    if (tenancy) {
      const resolving = tenancy.resolve({ headers: req.headers, host: req.headers.host, principal: caller.principal });
      const resolution = resolving instanceof Promise ? await resolving : resolving;
      if (!resolution.ok) return refuse(req, "tenant", resolution.code, admissionRefusal(resolution.code, resolution.message), caller);
      if (resolution.tenant !== undefined) caller = { ...caller, tenant: resolution.tenant };
    }
    if (limits) {
      const refusal = await limits(req, caller, res);
      if (refusal !== undefined) {
        tell(req, "rate_limit", RATE_LIMITED, caller);
        return { ok: false, refusal };
      }
    }
    return { ok: true, caller };
  };
  return Object.defineProperty(admit, "checks", { value: authenticator !== undefined || tenancy !== undefined || limits !== undefined }) as Admit;
}
